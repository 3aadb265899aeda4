// The village doctor's view: my patients, which device synced when, and what still waits in a gateway buffer
// (gateways report their buffer in Hello and status messages; this shows what the hub last heard).
import { get } from '../api.js';
import { el, table, debounce } from '../dom.js';
import { t, fmtDateTime, fmtNumber } from '../i18n.js';
import { bp, patientLink } from './clinic.js';

export function mount(root, ctx) {
  const patients = el('section.card.wide#my-patients', el('h2', t('doctor.patients')));
  const devices = el('section.card#devices', el('h2', t('doctor.devices')));
  const gateways = el('section.card#gateways', el('h2', t('doctor.gateways')));
  root.append(el('div.grid.doctor', patients, devices, gateways));
  let alive = true;
  const gatewayState = new Map();

  async function loadPatients() {
    const data = await get('/api/patients');
    if (!alive) return;
    // An ambulance patient is not a village patient: keep those with home readings or a village doctor.
    const mine = data.patients.filter(p => p.villageDoctor || p.lastVisit);
    patients.replaceChildren(el('h2', t('doctor.patients')),
      table([t('col.patient'), t('col.bp'), t('col.glucose'), t('col.lastVisit'), t('col.due')],
        mine.map(p => el('tr', { dataset: { patient: p.id } },
          el('td', patientLink(p)),
          el('td.num.bp', { class: p.uncontrolled.includes('bp-high') ? 'num bp bad' : 'num bp' }, bp(p)),
          el('td.num.glucose', { class: p.uncontrolled.some(r => r.startsWith('glucose')) ? 'num glucose bad' : 'num glucose' }, p.glucose ? fmtNumber(p.glucose.value, 1) : '–'),
          el('td', fmtDateTime(p.lastVisit)),
          el('td', { class: p.overdue ? 'bad' : '' }, fmtDateTime(p.followUpDue)))),
        { empty: t('clinic.none') }));
    const rows = mine.flatMap(p => p.devices.map(d => ({ p, d }))).sort((a, b) => Date.parse(b.d.lastSynced) - Date.parse(a.d.lastSynced));
    devices.replaceChildren(el('h2', t('doctor.devices')),
      table([t('col.device'), t('col.patient'), t('col.measured'), t('col.synced'), t('col.gateway')],
        rows.map(({ p, d }) => el('tr', { dataset: { device: d.device } },
          el('td', d.device), el('td', p.id), el('td', fmtDateTime(d.lastMeasured)), el('td.synced', fmtDateTime(d.lastSynced)), el('td', d.gateway))),
        { empty: t('clinic.none') }));
  }

  function renderGateways() {
    const list = [...gatewayState.values()].sort((a, b) => a.id.localeCompare(b.id));
    gateways.replaceChildren(el('h2', t('doctor.gateways')),
      table([t('col.gateway'), t('col.connected'), t('col.lastContact'), t('col.waiting'), t('col.oldestWaiting'), t('col.lastAck')],
        list.map(g => el('tr', { dataset: { gateway: g.id } },
          el('td', g.id),
          el('td', { class: g.connected ? 'ok' : 'bad' }, g.connected ? t('doctor.connected') : t('doctor.disconnected')),
          el('td', fmtDateTime(g.lastContact)),
          el('td.num.waiting', { class: g.bufferedReadings > 0 ? 'num waiting warn' : 'num waiting' },
            g.bufferedReadings === null || g.bufferedReadings === undefined ? t('doctor.unknown')
              : g.bufferedReadings === 0 ? t('doctor.empty') : t('doctor.waiting', { n: g.bufferedReadings })),
          el('td', g.oldestBuffered ? fmtDateTime(g.oldestBuffered) : '–'),
          el('td.num', g.lastAck ?? '–'))),
        { empty: t('clinic.none') }));
  }

  async function loadGateways() {
    const data = await get('/api/gateways');
    if (!alive) return;
    gatewayState.clear();
    data.gateways.forEach(g => gatewayState.set(g.id, g));
    renderGateways();
  }

  const showError = (section, e) => section.append(el('p.error', t('err.load', { error: e.message })));
  const reload = debounce(() => loadPatients().catch(e => showError(patients, e)), 1000);
  loadPatients().catch(e => showError(patients, e));
  loadGateways().catch(e => showError(gateways, e));
  const timer = setInterval(() => loadGateways().catch(() => {}), 5000);
  const offs = [
    ctx.live.on('reading', r => { if (r.priority !== 'live' || r.kind.startsWith('bp.') || r.kind === 'glucose') reload(); }),
    ctx.live.on('gateway', g => { gatewayState.set(g.id, g); renderGateways(); }),
  ];
  return () => { alive = false; clearInterval(timer); offs.forEach(off => off()); };
}
