// SVG trend charts: one or more series over a time range, with target bands shaded behind them.
import { fmtDate } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * series: [{ points: [{t, v}], className, label }]; bands: [{ low, high, className, label }] in value units;
 * from/to: ms. Values outside a band's target are marked with class "out".
 */
export function trendChart({ series, bands = [], limits = [], from, to, yMin, yMax, height = 220, label, outside, legend = [] }) {
  const width = 640;
  const pad = { left: 40, right: 28, top: 12, bottom: 24 };
  const values = series.flatMap(s => s.points.map(p => p.v));
  let lo = Math.min(yMin ?? Infinity, ...values);
  let hi = Math.max(yMax ?? -Infinity, ...values);
  if (!isFinite(lo) || !isFinite(hi)) { lo = 0; hi = 1; }
  const span = hi - lo || 1;
  lo -= span * 0.08; hi += span * 0.08;
  const x = t => pad.left + ((t - from) / (to - from)) * (width - pad.left - pad.right);
  const y = v => pad.top + (1 - (v - lo) / (hi - lo)) * (height - pad.top - pad.bottom);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'trend', role: 'img', 'aria-label': label ?? '' });

  for (const band of bands) {
    const top = y(Math.min(band.high ?? hi, hi));
    const bottom = y(Math.max(band.low ?? lo, lo));
    root.append(svg('rect', { x: pad.left, y: top, width: width - pad.left - pad.right, height: Math.max(0, bottom - top), class: `band ${band.className ?? ''}` }));
    if (band.label) root.append(svg('text', { x: width - pad.right - 4, y: top + 12, class: 'band-label', 'text-anchor': 'end' }, band.label));
  }
  // Target lines (e.g. diastolic 90 inside the systolic band): dashed, labelled at the left.
  for (const limit of limits) {
    root.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(limit.value), y2: y(limit.value), class: `limit ${limit.className ?? ''}` }));
    if (limit.label) root.append(svg('text', { x: pad.left + 4, y: y(limit.value) - 4, class: `band-label ${limit.className ?? ''}` }, limit.label));
  }
  // Legend, top left.
  legend.forEach((item, i) => {
    root.append(svg('rect', { x: pad.left + 6 + i * 90, y: pad.top + 4, width: 10, height: 3, class: `key ${item.className}` }));
    root.append(svg('text', { x: pad.left + 20 + i * 90, y: pad.top + 9, class: 'axis' }, item.label));
  });
  // Horizontal grid with values, weekly vertical grid with dates.
  const step = niceStep((hi - lo) / 5);
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) {
    root.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: 'grid' }));
    root.append(svg('text', { x: pad.left - 4, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, +v.toFixed(1)));
  }
  const week = 7 * 864e5;
  for (let t = to; t > from; t -= week) {
    root.append(svg('line', { x1: x(t), x2: x(t), y1: pad.top, y2: height - pad.bottom, class: 'grid' }));
    root.append(svg('text', { x: x(t), y: height - 6, class: 'axis', 'text-anchor': 'middle' }, fmtDate(t)));
  }
  for (const s of series) {
    if (!s.points.length) continue;
    const d = s.points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
    root.append(svg('path', { d, class: `line ${s.className ?? ''}` }));
    for (const p of s.points) {
      const out = outside ? outside(s, p.v) : false;
      root.append(svg('circle', { cx: x(p.t), cy: y(p.v), r: out ? 3.2 : 2.2, class: `dot ${s.className ?? ''}${out ? ' out' : ''}` }));
    }
  }
  return root;
}

function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  const f = raw / power;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}

/**
 * A small canvas sparkline over the last `seconds`, from a store of {t, v} sorted by t. A gap longer than
 * `gapMs` breaks the line, so a lost link shows as a hole until back-fill closes it.
 */
export function drawSparkline(canvas, points, { seconds = 300, now, low, high, gapMs = 4000 }) {
  const ctx = fitCanvas(canvas);
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const from = now - seconds * 1000;
  const visible = points.filter(p => p.t >= from);
  if (!visible.length) return;
  const vs = visible.map(p => p.v);
  const lo = Math.min(low ?? Infinity, ...vs) - 2;
  const hi = Math.max(high ?? -Infinity, ...vs) + 2;
  const x = t => ((t - from) / (seconds * 1000)) * width;
  const y = v => height - ((v - lo) / (hi - lo)) * height;
  ctx.lineWidth = Math.max(1, window.devicePixelRatio || 1);
  ctx.strokeStyle = getComputedStyle(canvas).color;
  ctx.beginPath();
  let previous = null;
  for (const p of visible) {
    if (!previous || p.t - previous.t > gapMs) ctx.moveTo(x(p.t), y(p.v));
    else ctx.lineTo(x(p.t), y(p.v));
    previous = p;
  }
  ctx.stroke();
}

/** Sizes a canvas's backing store to its CSS size times the device pixel ratio; returns its 2D context. */
export function fitCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const h = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
  return canvas.getContext('2d');
}
