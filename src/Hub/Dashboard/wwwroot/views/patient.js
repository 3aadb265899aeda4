// One patient: BP and glucose trends over weeks with the target bands, devices, and alerts.
import { get, ApiError } from '../api.js';
import { el, table, debounce } from '../dom.js';
import { t, fmtDateTime } from '../i18n.js';
import { trendChart } from '../charts.js';
import { alertList } from './alerts.js';
import { bp } from './clinic.js';

const WEEKS = [4, 8, 12];

export function mount(root, ctx, id) {
  let weeks = Number(sessionStorage.getItem('tg.weeks')) || 8;
  let alive = true;
  const head = el('div.patient-head');
  const charts = el('section.card.wide#trends');
  const devices = el('section.card#devices');
  const alerts = el('section.card#patient-alerts');
  root.append(el('div.grid.patient', head, charts, alerts, devices));

  async function load() {
    let summary, trend, open;
    try {
      [summary, trend, open] = await Promise.all([
        get(`/api/patients/${encodeURIComponent(id)}`),
        get(`/api/patients/${encodeURIComponent(id)}/trend?days=${weeks * 7}`),
        get(`/api/alerts?patient=${encodeURIComponent(id)}&state=open`),
      ]);
    } catch (e) {
      if (!alive) return;
      const refused = e instanceof ApiError && (e.status === 403 || e.status === 404);
      root.replaceChildren(el('p.error.refused#refused', refused ? t('patient.refused', { id }) : t('err.load', { error: e.message })));
      return;
    }
    if (!alive) return;
    head.replaceChildren(
      el('a.back', { href: '#/clinic', onclick: e => { if (history.length > 1) { e.preventDefault(); history.back(); } } }, t('patient.back')),
      el('h1', summary.name ? `${summary.name} (${summary.id})` : summary.id),
      el('span.muted', `${t('col.clinic')}: ${summary.clinic ?? '–'} · ${t('col.doctor')}: ${summary.villageDoctor ?? '–'} · ${t('col.bp')} ${bp(summary)} · ${t('col.glucose')} ${summary.glucose ? summary.glucose.value.toFixed(1) : '–'} · ${t('col.lastVisit')} ${fmtDateTime(summary.lastVisit)}`));

    const from = Date.parse(trend.from);
    const to = Date.parse(trend.to);
    const series = kind => (trend.series.find(s => s.kind === kind)?.points ?? []).map(p => ({ t: Date.parse(p.t), v: p.v }));
    const systolic = series('bp.systolic');
    const diastolic = series('bp.diastolic');
    const glucose = series('glucose');
    const tg = trend.targets;
    const picker = el('div.weeks', WEEKS.map(n => el('button', {
      type: 'button', class: n === weeks ? 'active' : '',
      onclick: () => { weeks = n; sessionStorage.setItem('tg.weeks', String(n)); load(); },
    }, t('patient.weeks', { n }))));
    const bpChart = systolic.length || diastolic.length
      ? trendChart({
        label: t('patient.bp'), from, to, yMin: 60, yMax: 160,
        series: [{ points: systolic, className: 'sys', kind: 'sys' }, { points: diastolic, className: 'dia', kind: 'dia' }],
        bands: [{ low: 0, high: tg.systolicHigh, className: 'ok', label: `${t('patient.target')} < ${tg.systolicHigh}/${tg.diastolicHigh}` }],
        limits: [{ value: tg.diastolicHigh, className: 'dia' }],
        legend: [{ label: t('patient.systolic'), className: 'sys' }, { label: t('patient.diastolic'), className: 'dia' }],
        outside: (s, v) => (s.kind === 'sys' ? v >= tg.systolicHigh : v >= tg.diastolicHigh),
      })
      : el('p.muted', t('patient.noData'));
    const glucoseChart = glucose.length
      ? trendChart({
        label: t('patient.glucose'), from, to, yMin: 2, yMax: 12,
        series: [{ points: glucose, className: 'glu' }],
        bands: [{ low: tg.glucoseLow, high: tg.glucoseHigh, className: 'ok', label: `${t('patient.target')} ${tg.glucoseLow}–${tg.glucoseHigh}` }],
        outside: (_, v) => v < tg.glucoseLow || v > tg.glucoseHigh,
      })
      : el('p.muted', t('patient.noData'));
    charts.replaceChildren(el('h2', t('patient.trends'), picker),
      el('div.charts', el('figure#chart-bp', el('figcaption', t('patient.bp')), bpChart), el('figure#chart-glucose', el('figcaption', t('patient.glucose')), glucoseChart)));

    devices.replaceChildren(el('h2', t('patient.devices')), table([t('col.device'), t('col.kinds'), t('col.measured'), t('col.synced'), t('col.gateway')],
      summary.devices.map(d => el('tr', el('td', d.device), el('td.small', d.kinds.join(', ')), el('td', fmtDateTime(d.lastMeasured)), el('td', fmtDateTime(d.lastSynced)), el('td', d.gateway)))));
    alerts.replaceChildren(el('h2', t('patient.alerts')),
      open.alerts.length ? alertList(open.alerts, ctx, load) : el('p.muted', t('clinic.none')));
  }

  const reload = debounce(() => load(), 1500);
  load();
  const offs = [
    ctx.live.on('reading', r => { if (r.patient === id && (r.kind.startsWith('bp.') || r.kind === 'glucose')) reload(); }),
    ctx.alerts.on('alert', c => { if (c.alert.patientId === id) reload(); }),
  ];
  return () => { alive = false; offs.forEach(off => off()); };
}
