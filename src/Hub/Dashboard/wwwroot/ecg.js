// A scrolling ECG strip on a canvas: samples are placed by their own time, and the strip is drawn each animation
// frame up to "hub now − delay", so it moves smoothly between the 1 s chunks that arrive. Time with no samples
// (a lost link) is shaded; samples back-filled later are drawn where they belong.
import { fitCanvas } from './charts.js';

const KEEP_MS = 120_000;
// Chunks from a monitor whose clock jitters may leave slivers between them: only a longer hole is a gap.
const SHADE_MIN_MS = 150;

export class EcgStrip {
  /** clock(): hub time now in ms. */
  constructor(canvas, clock, { seconds = 6, delayMs = 1500, microvoltsPerBox = 500 } = {}) {
    this.canvas = canvas;
    this.clock = clock;
    this.seconds = seconds;
    this.delayMs = delayMs;
    this.uvPerBox = microvoltsPerBox;
    this.chunks = []; // {start, end, rate, values}, sorted by start
    this.running = false;
    this.frames = 0;
  }

  /** Adds a chunk: start in ms (device time), rate in Hz, values in µV. A repeated chunk (a replay) is ignored. */
  push(start, rate, values) {
    if (!values.length) return;
    const end = start + (values.length / rate) * 1000;
    let i = this.chunks.length;
    while (i > 0 && this.chunks[i - 1].start > start) i--;
    if (i > 0 && this.chunks[i - 1].start === start) return;
    this.chunks.splice(i, 0, { start, end, rate, values });
    const cutoff = this.clock() - KEEP_MS;
    while (this.chunks.length && this.chunks[0].end < cutoff) this.chunks.shift();
  }

  get latestEnd() { return this.chunks.length ? this.chunks[this.chunks.length - 1].end : null; }

  start() {
    if (this.running) return;
    this.running = true;
    const tick = () => {
      if (!this.running) return;
      if (this.canvas.isConnected) this.draw();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  stop() { this.running = false; }

  draw() {
    this.frames++;
    const ctx = fitCanvas(this.canvas);
    const { width: w, height: h } = this.canvas;
    const end = this.clock() - this.delayMs;
    const begin = end - this.seconds * 1000;
    const x = t => ((t - begin) / (end - begin)) * w;
    const pxPerSecond = w / this.seconds;
    const box = pxPerSecond / 5; // a large box is 0.2 s, as on paper at 25 mm/s
    const style = getComputedStyle(this.canvas);

    ctx.fillStyle = style.backgroundColor || '#07140c';
    ctx.fillRect(0, 0, w, h);
    // The grid scrolls with the trace: its lines sit at fixed times.
    ctx.strokeStyle = style.getPropertyValue('--grid') || '#173d26';
    ctx.lineWidth = 1;
    ctx.beginPath();
    const firstLine = Math.ceil(begin / 200) * 200;
    for (let t = firstLine; t <= end; t += 200) { ctx.moveTo(x(t), 0); ctx.lineTo(x(t), h); }
    for (let y = h / 2 % box; y < h; y += box) { ctx.moveTo(0, y); ctx.lineTo(w, y); }
    ctx.stroke();

    // Shade stretches with no samples.
    ctx.fillStyle = style.getPropertyValue('--gap') || 'rgba(255,255,255,.08)';
    let covered = begin;
    for (const c of this.chunks) {
      if (c.end <= begin || c.start >= end) continue;
      if (c.start > covered + SHADE_MIN_MS) ctx.fillRect(x(covered), 0, x(c.start) - x(covered), h);
      covered = Math.max(covered, c.end);
    }
    if (covered < end - SHADE_MIN_MS) ctx.fillRect(x(covered), 0, x(end) - x(covered), h);

    // The trace: 1 box per uvPerBox µV, baseline in the middle; the gain halves (as a monitor's auto-gain
    // would) while the tallest visible deflection would leave the strip.
    let peak = 0;
    for (const c of this.chunks) {
      if (c.end <= begin || c.start >= end) continue;
      for (const v of c.values) peak = Math.max(peak, Math.abs(v));
    }
    let scale = box / this.uvPerBox;
    while (peak * scale > h * 0.46 && scale > 1e-4) scale /= 2;
    ctx.strokeStyle = style.color || '#3cff7a';
    ctx.lineWidth = Math.max(1.5, (window.devicePixelRatio || 1) * 1.5);
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let lastT = null;
    for (const c of this.chunks) {
      if (c.end <= begin || c.start >= end) continue;
      const step = 1000 / c.rate;
      const first = Math.max(0, Math.floor((begin - c.start) / step));
      const last = Math.min(c.values.length - 1, Math.ceil((end - c.start) / step));
      for (let i = first; i <= last; i++) {
        const t = c.start + i * step;
        if (lastT !== null && t <= lastT) continue; // overlapping chunks: never draw backwards
        const px = x(t);
        const py = h / 2 - c.values[i] * scale;
        if (lastT === null || t - lastT > Math.max(step * 1.5, SHADE_MIN_MS)) ctx.moveTo(px, py); else ctx.lineTo(px, py);
        lastT = t;
      }
    }
    ctx.stroke();
  }
}
