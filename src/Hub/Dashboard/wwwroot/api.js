// The hub's JSON API and its two event streams. State changes carry X-TG-Request: 1 (the sign-in's CSRF guard).

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function send(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (method !== 'GET') {
    init.headers['X-TG-Request'] = '1';
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (response.status === 401 && !path.startsWith('/api/auth/')) {
    // The session expired or was ended elsewhere: the shell goes back to the sign-in form.
    window.dispatchEvent(new Event('tg:unauthorized'));
  }
  if (!response.ok) {
    throw new ApiError(response.status, (data && data.error) || `${response.status} ${response.statusText}`);
  }
  return data;
}

export const get = path => send('GET', path);
export const post = (path, body) => send('POST', path, body);

/** The signed-in user; null when sign-in is needed; 'open' when this hub has no sign-in. */
export async function me() {
  try {
    return await get('/api/auth/me');
  } catch (e) {
    if (e.status === 401) return null;
    if (e.status === 404 || e.status === 405) return 'open';
    throw e;
  }
}

/** GET that answers null for 404 (an API another part of the hub may not offer yet). */
export async function optional(path) {
  try { return await get(path); } catch (e) { if (e.status === 404) return null; throw e; }
}

/**
 * One EventSource with named listeners. Tracks the hub clock (event "clock") so device times can be placed
 * on the browser's timeline, and tells listeners of (re)connections so they can re-read a gap.
 */
export class Stream {
  constructor(url) {
    this.url = url;
    this.handlers = new Map();
    this.stateHandlers = new Set();
    this.clockOffset = 0;
    this.everOpen = false;
    this.source = null;
  }

  on(event, handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(handler);
    if (this.source) this.listen(event);
    return () => this.handlers.get(event).delete(handler);
  }

  onState(handler) { this.stateHandlers.add(handler); return () => this.stateHandlers.delete(handler); }

  /** Hub time now, in ms since the epoch, as best known. */
  hubNow() { return Date.now() + this.clockOffset; }

  start() {
    this.source = new EventSource(this.url, { withCredentials: true });
    this.source.addEventListener('open', () => {
      const reconnected = this.everOpen;
      this.everOpen = true;
      this.stateHandlers.forEach(h => h('open', reconnected));
    });
    this.source.addEventListener('error', () => this.stateHandlers.forEach(h => h('error', false)));
    this.source.addEventListener('clock', e => {
      const now = Date.parse(JSON.parse(e.data).now);
      this.clockOffset = now - Date.now();
    });
    for (const event of this.handlers.keys()) this.listen(event);
  }

  listen(event) {
    if (this.source.tg?.has(event)) return;
    (this.source.tg ??= new Set()).add(event);
    this.source.addEventListener(event, e => {
      const data = JSON.parse(e.data);
      this.handlers.get(event)?.forEach(h => h(data));
    });
  }

  stop() { this.source?.close(); this.source = null; }
}
