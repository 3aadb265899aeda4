// Clinic staff's morning view: who is out of control now, open alerts to act on, overdue follow-ups, all patients.
import { get } from '../api.js';
import { el, table, debounce } from '../dom.js';
import { t, fmtDateTime, fmtNumber } from '../i18n.js';
import { alertList } from './alerts.js';

const BP_KINDS = new Set(['bp.systolic', 'bp.diastolic', 'glucose']);

export function bp(p) {
  return p.systolic ? `${fmtNumber(p.systolic.value)}/${fmtNumber(p.diastolic?.value)}` : '–';
}

export function patientLink(p) {
  return el('a.patient', { href: `#/patient/${encodeURIComponent(p.id)}`, dataset: { patient: p.id } }, p.name ? `${p.name} (${p.id})` : p.id);
}

export function mount(root, ctx) {
  const uncontrolled = el('section.card#uncontrolled', el('h2', t('clinic.uncontrolled')));
  const alerts = el('section.card#alerts', el('h2', t('clinic.alerts')));
  const overdue = el('section.card#overdue', el('h2', t('clinic.overdue')));
  const all = el('section.card.wide#patients', el('h2', t('clinic.patients')));
  root.append(el('div.grid.clinic', uncontrolled, alerts, overdue, all));
  let alive = true;
  let lastPatients = null;
  let lastAlerts = [];

  // Overdue: a routine follow-up past due, or a second follow-up an alert asked for, past due.
  function renderOverdue() {
    const now = Date.now();
    const rows = [];
    for (const p of lastPatients?.patients ?? []) {
      if (p.followUpDue && Date.parse(p.followUpDue) < now) {
        rows.push(el('tr', el('td', patientLink(p)), el('td', fmtDateTime(p.lastVisit)), el('td.bad', fmtDateTime(p.followUpDue)), el('td', p.villageDoctor ?? '–')));
      }
    }
    for (const a of lastAlerts) {
      if (a.followUpDue && Date.parse(a.followUpDue) < now && a.patientId) {
        rows.push(el('tr', el('td', patientLink({ id: a.patientId })), el('td', a.message), el('td.bad', fmtDateTime(a.followUpDue)), el('td', '–')));
      }
    }
    overdue.replaceChildren(el('h2', t('clinic.overdue')),
      table([t('col.patient'), t('col.lastVisit'), t('col.due'), t('col.doctor')], rows, { empty: t('clinic.none') }));
  }

  async function loadPatients() {
    const data = await get('/api/patients');
    if (!alive) return;
    const glucose = p => p.glucose ? fmtNumber(p.glucose.value, 1) : '–';
    const rows = data.patients.filter(p => p.uncontrolled.length).map(p => el('tr', { dataset: { patient: p.id } },
      el('td', patientLink(p)),
      el('td.num', { class: p.uncontrolled.includes('bp-high') ? 'num bad' : 'num' }, bp(p)),
      el('td.num', { class: p.uncontrolled.some(r => r.startsWith('glucose')) ? 'num bad' : 'num' }, glucose(p)),
      el('td', p.uncontrolled.map(r => t('why.' + r)).join(', ')),
      el('td', fmtDateTime(p.lastVisit))));
    uncontrolled.replaceChildren(el('h2', t('clinic.uncontrolled')),
      table([t('col.patient'), t('col.bp'), t('col.glucose'), t('col.why'), t('col.lastVisit')], rows, { empty: t('clinic.none') }));

    lastPatients = data;
    renderOverdue();

    all.replaceChildren(el('h2', t('clinic.patients')),
      table([t('col.patient'), t('col.bp'), t('col.glucose'), t('col.lastVisit'), t('col.due'), t('col.doctor')],
        data.patients.map(p => el('tr', { dataset: { patient: p.id } },
          el('td', patientLink(p)),
          el('td.num.bp', bp(p)),
          el('td.num.glucose', glucose(p)),
          el('td', fmtDateTime(p.lastVisit)),
          el('td', { class: p.overdue ? 'bad' : '' }, fmtDateTime(p.followUpDue)),
          el('td', p.villageDoctor ?? '–'))),
        { empty: t('clinic.none') }));
  }

  async function loadAlerts() {
    const data = await get('/api/alerts?state=open&limit=200');
    if (!alive) return;
    lastAlerts = data.alerts;
    renderOverdue();
    alerts.replaceChildren(el('h2', t('clinic.alerts'), el('span.count', String(data.alerts.length))),
      data.alerts.length ? alertList(data.alerts, ctx, loadAlerts) : el('p.muted', t('clinic.none')));
  }

  const showError = (section, e) => section.append(el('p.error', t('err.load', { error: e.message })));
  const reloadPatients = debounce(() => loadPatients().catch(e => showError(all, e)), 1000);
  const reloadAlerts = debounce(() => loadAlerts().catch(e => showError(alerts, e)), 300);
  loadPatients().catch(e => showError(all, e));
  loadAlerts().catch(e => showError(alerts, e));
  const offs = [
    ctx.live.on('reading', r => { if (BP_KINDS.has(r.kind)) reloadPatients(); }),
    ctx.alerts.on('alert', () => reloadAlerts()),
    ctx.alerts.onState(kind => { if (kind === 'open') reloadAlerts(); }),
  ];
  return () => { alive = false; offs.forEach(off => off()); };
}
