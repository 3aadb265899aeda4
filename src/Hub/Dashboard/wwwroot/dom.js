// Tiny DOM helpers: el('div.card', {attrs}, children…). Text is always set as text, never as HTML.

export function el(spec, attrs, ...children) {
  // spec: tag, then .class and #id parts in any order (e.g. 'section.card#alerts').
  const [, tag, rest] = /^([a-z0-9]*)(.*)$/i.exec(spec);
  const node = document.createElement(tag || 'div');
  const classes = [];
  for (const [, kind, name] of rest.matchAll(/([.#])([^.#]+)/g)) {
    if (kind === '#') node.id = name; else classes.push(name);
  }
  if (classes.length) node.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function table(headers, rows, options = {}) {
  return el('table' + (options.className ? '.' + options.className : ''),
    el('thead', el('tr', headers.map(h => el('th', h)))),
    el('tbody', rows.length ? rows : el('tr', el('td.muted', { colspan: headers.length }, options.empty ?? '–'))));
}

/** Calls f at most once per wait ms, trailing. */
export function debounce(f, wait) {
  let timer = null;
  return (...args) => {
    if (timer) return;
    timer = setTimeout(() => { timer = null; f(...args); }, wait);
  };
}
