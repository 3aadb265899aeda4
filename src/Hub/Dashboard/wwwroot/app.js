// The dashboard shell: sign-in, language switch, one live stream and one alert stream shared by the views,
// and a hash router (#/clinic, #/doctor, #/ambulance, #/patient/<id>).
import { me, post, Stream } from './api.js';
import { t, language, setLanguage, translateStatic, onLanguage } from './i18n.js';
import { el } from './dom.js';
import * as clinic from './views/clinic.js';
import * as doctor from './views/doctor.js';
import * as ambulance from './views/ambulance.js';
import * as patient from './views/patient.js';

const views = { clinic, doctor, ambulance, patient };
const defaultView = {
  'village-doctor': 'doctor', 'clinic-staff': 'clinic', 'emergency-physician': 'ambulance', administrator: 'clinic',
};

const main = document.getElementById('main');
let context = null;
let unmount = null;

function routeOf(hash) {
  const [, view, ...rest] = (hash || '').split('/');
  return { view, arg: rest.map(decodeURIComponent).join('/') };
}

function render() {
  if (!context) return;
  unmount?.();
  unmount = null;
  main.replaceChildren();
  let { view, arg } = routeOf(location.hash);
  if (!views[view]) {
    view = defaultView[context.user?.role] ?? 'clinic';
    history.replaceState(null, '', `#/${view}`);
  }
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.dataset.view === view));
  document.body.dataset.view = view;
  unmount = views[view].mount(main, context, arg) ?? null;
}

function showSignIn(message) {
  document.body.dataset.view = 'signin';
  const user = el('input', { name: 'user', autocomplete: 'username', required: true, id: 'signin-user' });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true, id: 'signin-password' });
  const error = el('p.error', { role: 'alert' }, message ?? '');
  const form = el('form.signin', {
    onsubmit: async e => {
      e.preventDefault();
      try {
        await post('/api/auth/signin', { user: user.value.trim(), password: password.value });
        await boot();
      } catch {
        error.textContent = t('auth.failed');
      }
    },
  },
  el('h1', t('auth.title')),
  el('label', t('auth.user'), user),
  el('label', t('auth.password'), password),
  el('button', { type: 'submit', id: 'signin-submit' }, t('auth.signIn')),
  error);
  main.replaceChildren(form);
  user.focus();
}

function showUser(user) {
  const who = document.getElementById('who');
  const signout = document.getElementById('signout');
  if (user && user !== 'open') {
    who.textContent = `${user.displayName ?? user.user} · ${t('role.' + user.role)}`;
    signout.hidden = false;
  } else {
    who.textContent = '';
    signout.hidden = true;
  }
}

function liveIndicator(stream) {
  const pill = document.getElementById('live-state');
  const set = state => { pill.dataset.state = state; pill.textContent = t('live.' + state); };
  set('connecting');
  stream.onState(kind => set(kind === 'open' ? 'live' : 'offline'));
  onLanguage(() => set(pill.dataset.state));
}

async function boot(message) {
  context?.live.stop();
  context?.alerts.stop();
  context = null;
  let user;
  try {
    user = await me();
  } catch (e) {
    main.replaceChildren(el('p.error', t('err.load', { error: e.message })));
    return;
  }
  showUser(user);
  if (user === null) {
    showSignIn(message);
    return;
  }
  const live = new Stream('/api/live');
  const alerts = new Stream('/api/alerts/events');
  context = {
    user: user === 'open' ? null : user,
    live,
    alerts,
    navigate: hash => { location.hash = hash; },
  };
  liveIndicator(live);
  // A stream that fails may have lost its session (expiry, sign-out elsewhere, disabled user): ask once, and
  // go back to the sign-in form rather than "reconnecting" for ever.
  live.onState(async kind => {
    if (kind === 'error' && context?.live === live && (await me().catch(() => undefined)) === null) signedOut();
  });
  live.start();
  alerts.start();
  render();
}

function signedOut() {
  if (context) boot(t('auth.ended'));
}

window.addEventListener('tg:unauthorized', signedOut);
document.getElementById('lang').addEventListener('click', () => setLanguage(language() === 'zh' ? 'en' : 'zh'));
document.getElementById('signout').addEventListener('click', async () => {
  try { await post('/api/auth/signout'); } finally { location.hash = ''; await boot(); }
});
onLanguage(lang => {
  document.getElementById('lang').textContent = lang === 'zh' ? 'English' : '中文';
  showUser(context ? (context.user ?? 'open') : null);
  if (context) render(); else if (document.body.dataset.view === 'signin') showSignIn();
});
window.addEventListener('hashchange', render);
setLanguage(language());
translateStatic(document);
boot();
