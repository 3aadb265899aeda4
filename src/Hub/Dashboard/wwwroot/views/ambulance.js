// The emergency physician's view: each inbound ambulance with live numerics, a scrolling ECG strip, alarms,
// last position and ETA, and "link lost since …" when its data stops. Readings buffered in the ambulance
// during the outage arrive later through the same live stream and fill the gap where they belong.
import { get, optional } from '../api.js';
import { el, debounce } from '../dom.js';
import { t, fmtTime, fmtNumber, ruleTitle } from '../i18n.js';
import { EcgStrip } from '../ecg.js';
import { drawSparkline } from '../charts.js';

// Tiles in display order: kind, digits, alarm limits (low, high) — the usual adult monitor defaults.
const TILES = [
  { kind: 'heart.rate', alt: 'pulse.rate', digits: 0, low: 50, high: 120, unit: '/min' },
  { kind: 'spo2', digits: 0, low: 90, unit: '%' },
  { kind: 'bp', digits: 0, low: 90, high: 180, unit: 'mmHg' },
  { kind: 'resp.rate', digits: 0, low: 8, high: 25, unit: '/min' },
  { kind: 'etco2', digits: 0, low: 30, high: 45, unit: 'mmHg' },
  { kind: 'body.temperature', digits: 1, low: 35, high: 38.5, unit: '°C' },
];
const TREND_KINDS = ['heart.rate', 'spo2'];
const TREND_MS = 300_000;

export function mount(root, ctx) {
  const list = el('div.ambulances#ambulances');
  const empty = el('p.muted.empty', t('amb.none'));
  root.append(list, empty);
  const units = new Map(); // by monitor device id
  let linkLostMs = 5000;
  let alive = true;

  const clock = () => ctx.live.hubNow();

  function unitFor(device, patient, gateway) {
    let u = units.get(device);
    if (u) return u;
    u = {
      device, patient, gateway, gatewayConnected: true, lastArrival: 0, lastSeen: 0, latest: {}, trend: { 'heart.rate': [], spo2: [] },
      alerts: [], info: null, lost: null, gaps: [],
    };
    u.tiles = {};
    for (const tile of TILES) {
      u.tiles[tile.kind] = {
        value: el('span.value', '–'),
        node: null,
      };
      u.tiles[tile.kind].node = el('div.tile', { dataset: { kind: tile.kind } },
        el('span.label', t('k.' + tile.kind)), u.tiles[tile.kind].value, el('span.unit', tile.unit));
    }
    u.title = el('h2');
    u.meta = el('p.meta');
    u.link = el('p.link', { role: 'status' });
    u.backfill = el('p.backfill.muted');
    u.canvas = el('canvas.ecg', { 'aria-label': t('k.ecg'), dataset: { device } });
    u.sparks = Object.fromEntries(TREND_KINDS.map(k => [k, el('canvas.spark', { dataset: { kind: k } })]));
    u.alarmList = el('ul.alarms');
    u.ecg = new EcgStrip(u.canvas, clock);
    u.node = el('article.ambulance', { dataset: { device, patient: patient ?? '' } },
      el('header', u.title, u.link),
      u.meta,
      el('div.numerics', TILES.map(tile => u.tiles[tile.kind].node)),
      el('div.ecg-wrap', el('span.label', t('k.ecg')), u.canvas),
      el('div.lower',
        el('div.trends', el('h3', t('amb.trend')),
          TREND_KINDS.map(k => el('div.spark-row', el('span.label', t('k.' + k)), u.sparks[k]))),
        el('div', el('h3', t('amb.alarms')), u.alarmList)),
      u.backfill);
    units.set(device, u);
    list.append(u.node);
    empty.hidden = true;
    u.ecg.start();
    loadHistory(u).catch(() => {});
    loadAlerts(u).catch(() => {});
    renderInfo(u);
    return u;
  }

  function setValue(u, kind, value, unit, time) {
    const held = u.latest[kind];
    if (held && held.time > time) return; // a back-filled value never replaces a newer one
    u.latest[kind] = { value, unit, time };
  }

  function addTrend(u, kind, value, time) {
    const store = u.trend[kind];
    if (!store) return;
    let i = store.length;
    while (i > 0 && store[i - 1].t > time) i--;
    if (i > 0 && store[i - 1].t === time) return;
    store.splice(i, 0, { t: time, v: value });
    const cutoff = clock() - TREND_MS;
    while (store.length && store[0].t < cutoff) store.shift();
  }

  function observe(u, time) {
    u.lastArrival = Date.now();
    if (time > u.lastSeen) u.lastSeen = time;
  }

  function renderTiles(u) {
    for (const tile of TILES) {
      let text = '–';
      let bad = false;
      if (tile.kind === 'bp') {
        const s = u.latest['bp.systolic'];
        const d = u.latest['bp.diastolic'];
        if (s) {
          text = `${fmtNumber(s.value)}/${fmtNumber(d?.value)}`;
          bad = s.value < tile.low || s.value > tile.high;
        }
      } else {
        const v = u.latest[tile.kind] ?? (tile.alt ? u.latest[tile.alt] : null);
        if (v) {
          text = fmtNumber(v.value, tile.digits);
          bad = (tile.low !== undefined && v.value < tile.low) || (tile.high !== undefined && v.value > tile.high);
        }
      }
      const cell = u.tiles[tile.kind];
      if (cell.value.textContent !== text) cell.value.textContent = text;
      cell.node.classList.toggle('alarm', bad);
    }
    renderAlarms(u);
  }

  function renderAlarms(u) {
    const items = [];
    for (const tile of TILES) {
      if (u.tiles[tile.kind].node.classList.contains('alarm')) {
        items.push(el('li.local', `${t('k.' + tile.kind)} ${u.tiles[tile.kind].value.textContent} ${tile.unit}`));
      }
    }
    for (const a of u.alerts) items.push(el('li', { dataset: { severity: a.severity } }, `${t('sev.' + a.severity)}: ${ruleTitle(a.ruleId)} – ${a.message}`));
    // What the monitor itself reports: its alarms, leads off, battery.
    const status = u.info?.status;
    for (const alarm of status?.alarms ?? []) items.push(el('li.monitor', { dataset: { priority: alarm.priority } }, `${alarm.code}: ${alarm.text}`));
    if (status?.leadsOff?.length) items.push(el('li.monitor', `${t('amb.leadsOff')}: ${status.leadsOff.join(', ')}`));
    if (status && status.battery !== null && status.battery !== undefined && status.battery < 20 && !status.onMains) {
      items.push(el('li.monitor', `${t('amb.battery')}: ${fmtNumber(status.battery)} %`));
    }
    u.alarmList.replaceChildren(...(items.length ? items : [el('li.muted', t('amb.noAlarms'))]));
  }

  function renderInfo(u) {
    const a = u.info;
    u.title.textContent = `${a?.unit ?? u.unitName ?? u.device}${u.patient ? ' · ' + u.patient : ''}`;
    const parts = [];
    const destination = a?.destination ?? u.hospital;
    if (destination) parts.push(`${t('amb.destination')}: ${destination}`);
    if (a?.eta) {
      const minutes = Math.max(0, Math.round((Date.parse(a.eta) - clock()) / 60000));
      parts.push(`${t('amb.eta')}: ${fmtTime(a.eta)} (${t('amb.minutes', { n: minutes })})`);
    }
    if (a?.position) {
      const p = a.position;
      parts.push(`${t('amb.position')}: ${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}${p.speed !== undefined && p.speed !== null ? ` · ${fmtNumber(p.speed * 3.6)} km/h` : ''} · ${fmtTime(p.time)}`);
    } else {
      parts.push(`${t('amb.position')}: ${t('amb.noPosition')}`);
    }
    u.meta.textContent = parts.join(' · ');
  }

  // Link state: lost when the carrying gateway is disconnected or nothing arrived for linkLostMs.
  function renderLink(u) {
    const silent = Date.now() - u.lastArrival > linkLostMs;
    const lost = u.lastSeen > 0 && (!u.gatewayConnected || silent);
    if (lost && !u.lost) {
      u.lost = { since: u.lastSeen };
    } else if (!lost && u.lost) {
      u.gaps.push({ from: u.lost.since, to: u.lastSeen });
      u.lost = null;
    }
    u.node.classList.toggle('lost', !!u.lost);
    const text = u.lost ? t('amb.linkLost', { time: fmtTime(u.lost.since) }) : `${t('amb.linkOk')} · ${t('amb.lastData', { time: fmtTime(u.lastSeen || null) })}`;
    if (u.link.textContent !== text) u.link.textContent = text;
    u.link.dataset.state = u.lost ? 'lost' : 'ok';
    // How much of the last gap has been back-filled (ECG seconds now held inside it).
    const gap = u.gaps[u.gaps.length - 1];
    if (gap) {
      let ms = 0;
      for (const c of u.ecg.chunks) ms += Math.max(0, Math.min(c.end, gap.to) - Math.max(c.start, gap.from));
      u.backfill.textContent = t('amb.backfilled', { n: Math.round(ms / 1000), from: fmtTime(gap.from), to: fmtTime(gap.to) });
      u.backfill.dataset.seconds = String(Math.round(ms / 1000));
    }
  }

  async function loadHistory(u, since) {
    if (!u.patient) return;
    const now = clock();
    const from = new Date(since ?? now - TREND_MS).toISOString();
    const p = encodeURIComponent(u.patient);
    const numeric = await Promise.all(TREND_KINDS.map(k => get(`/api/readings?patient=${p}&kind=${k}&from=${from}&order=oldest&limit=2000`)));
    numeric.forEach((data, i) => data.readings.forEach(r => {
      const time = Date.parse(r.time ?? r.received);
      addTrend(u, TREND_KINDS[i], r.value, time);
      setValue(u, r.kind, r.value, r.unit, time);
    }));
    const ecgFrom = new Date(since ?? now - 15_000).toISOString();
    const ecg = await get(`/api/readings?patient=${p}&kind=ecg.II&from=${ecgFrom}&order=oldest&limit=600`);
    for (const r of ecg.readings) {
      if (r.waveform) u.ecg.push(Date.parse(r.waveform.start), r.waveform.sampleRateHz, r.waveform.samples.map(s => s * r.waveform.resolution));
    }
    renderTiles(u);
  }

  async function loadAlerts(u) {
    if (!u.patient) return;
    const data = await get(`/api/alerts?patient=${encodeURIComponent(u.patient)}&state=open`);
    u.alerts = data.alerts;
    renderAlarms(u);
  }

  async function load() {
    const [monitors, ambulances] = await Promise.all([get('/api/monitors'), optional('/api/ambulances').catch(() => null)]);
    if (!alive) return;
    linkLostMs = monitors.linkLostSeconds * 1000;
    for (const m of monitors.monitors) {
      const u = unitFor(m.device, m.patient, m.gateway);
      u.gatewayConnected = m.gatewayConnected;
      u.gateway = m.gateway;
      u.unitName = m.unit;
      u.hospital = m.hospital;
      const seen = Date.parse(m.lastSeen);
      if (!u.lastArrival) { u.lastSeen = Math.max(u.lastSeen, seen); u.lastArrival = Date.now() - Math.max(0, clock() - seen); }
      for (const [kind, v] of Object.entries(m.latest)) setValue(u, kind, v.value, v.unit, Date.parse(v.time));
      renderTiles(u);
    }
    const listOf = Array.isArray(ambulances) ? ambulances : ambulances?.ambulances ?? [];
    listOf.forEach(applyAmbulance);
  }

  // One /api/ambulances entry, from the periodic read or live (the stream's "ambulance" event): position, ETA,
  // destination and the monitor's own alarms.
  function applyAmbulance(a) {
    let u = [...units.values()].find(x => (x.unitName && x.unitName === a.unit) || (a.status?.device && x.device === a.status.device)
        || a.devices?.includes(x.device))
      ?? [...units.values()].find(x => a.patientId && x.patient === a.patientId);
    if (!u && a.devices?.length) {
      // Known to the hub but no live reading since it started (e.g. right after a restart): shown from its
      // last-seen time, so a silent ambulance reads "link lost since …" instead of looking fresh.
      u = unitFor(a.devices[0], a.patientId, a.gatewayId);
      u.unitName = a.unit;
      const seen = Date.parse(a.lastSeen);
      u.lastSeen = seen;
      u.lastArrival = Date.now() - Math.max(0, clock() - seen);
    }
    if (u) { u.info = a; renderInfo(u); renderAlarms(u); }
  }

  const reload = debounce(() => load().catch(() => {}), 1000);
  load().catch(e => root.append(el('p.error', t('err.load', { error: e.message }))));
  const timers = [
    setInterval(() => units.forEach(u => { renderLink(u); TREND_KINDS.forEach(k => drawSparkline(u.sparks[k], u.trend[k], { seconds: 300, now: clock() })); }), 500),
    setInterval(() => load().catch(() => {}), 10_000),
  ];
  const offs = [
    ctx.live.on('reading', r => {
      if (r.priority !== 'live') return;
      const u = units.get(r.device) ?? unitFor(r.device, r.patient, r.gateway);
      const time = Date.parse(r.time);
      observe(u, time);
      setValue(u, r.kind, r.value, r.unit, time);
      addTrend(u, r.kind === 'pulse.rate' ? 'heart.rate' : r.kind, r.value, time);
      renderTiles(u);
      if (!units.has(r.device)) reload();
    }),
    ctx.live.on('waveform', w => {
      if (!w.kind.startsWith('ecg.') || w.lead !== 'II') return;
      const u = units.get(w.device) ?? unitFor(w.device, w.patient, w.gateway);
      const start = Date.parse(w.start);
      observe(u, start + (w.values.length / w.rate) * 1000);
      u.ecg.push(start, w.rate, w.values);
    }),
    ctx.live.on('ambulance', a => { if (alive) applyAmbulance(a); }),
    ctx.live.on('gateway', g => {
      for (const u of units.values()) if (u.gateway === g.id) u.gatewayConnected = g.connected;
    }),
    // The browser's own stream dropped and came back: re-read what it missed.
    ctx.live.onState((kind, reconnected) => {
      if (kind === 'open' && reconnected) units.forEach(u => loadHistory(u, u.lastSeen || undefined).catch(() => {}));
    }),
    ctx.alerts.on('alert', c => {
      const u = [...units.values()].find(x => x.patient && x.patient === c.alert.patientId);
      if (u) loadAlerts(u).catch(() => {});
    }),
  ];
  return () => {
    alive = false;
    timers.forEach(clearInterval);
    offs.forEach(off => off());
    units.forEach(u => u.ecg.stop());
  };
}
