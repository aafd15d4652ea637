// Building DOM safely: every value goes in as text (no innerHTML with data), so nothing an
// event, a response body or an error message holds can run in the page.

/** h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export const fmt = {
  int: (n) => (n == null ? '–' : numberFormat.format(n)),
  dec: (n) => (n == null ? '–' : decimalFormat.format(n)),
  /** 0..1 as a percentage: 100 %, 99.5 %, 12 % */
  percent(rate) {
    if (rate == null || Number.isNaN(rate)) return '–';
    const p = rate * 100;
    return (p === 100 || p === 0 ? p.toFixed(0) : p >= 99 ? p.toFixed(2) : p.toFixed(1)) + ' %';
  },
  ms(value) {
    if (value == null) return '–';
    if (value >= 10000) return (value / 1000).toFixed(1) + ' s';
    return (value >= 100 ? Math.round(value) : Math.round(value * 10) / 10) + ' ms';
  },
  /** Seconds as 45 s, 3 min, 2 h 5 min, 3 d 4 h. */
  age(seconds) {
    if (seconds == null) return '–';
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min' + (s < 600 && s % 60 ? ' ' + (s % 60) + ' s' : '');
    if (s < 86400) return Math.floor(s / 3600) + ' h' + (Math.floor(s / 60) % 60 ? ' ' + (Math.floor(s / 60) % 60) + ' min' : '');
    return Math.floor(s / 86400) + ' d ' + (Math.floor(s / 3600) % 24) + ' h';
  },
  /** An ISO time in the browser's time zone: 14:03:07 today, else 23 Nov 14:03:07. */
  time(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    const today = new Date();
    const clock = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
    if (d.toDateString() === today.toDateString()) return clock;
    return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' }) + ' ' + clock;
  },
  ago(iso) {
    if (!iso) return '';
    return fmt.age((Date.now() - new Date(iso).getTime()) / 1000) + ' ago';
  },
  json(value) {
    return JSON.stringify(value, null, 2);
  },
};

const STATUS_TONE = {
  succeeded: 'ok', accepted: 'ok', healthy: 'ok', closed: 'ok', enabled: 'ok', live: 'ok',
  dead: 'bad', failed: 'bad', rejected: 'bad', failing: 'bad', down: 'bad', open: 'bad',
  pending: 'info', in_flight: 'info', running: 'info', event: 'info', delivery: 'info',
  degraded: 'warn', half_open: 'warn', recovering: 'warn', duplicate: 'warn', lagged: 'warn', answered: 'info',
};

/** A coloured pill for a status word. */
export function badge(word, tone) {
  return h('span', { class: 'badge ' + (tone || STATUS_TONE[word] || ''), dataset: { status: word } }, String(word).replace('_', ' '));
}

/** A table in a scrolling wrapper; columns are {label, class}; rows are <tr> elements. */
export function table(columns, rows, emptyText = 'Nothing yet.') {
  const body = h('tbody', null, rows);
  if (!rows.length) body.append(h('tr', null, h('td', { class: 'empty', colspan: columns.length }, emptyText)));
  return h('div', { class: 'table-wrap' },
    h('table', null,
      h('thead', null, h('tr', null, columns.map((c) => h('th', { class: c.class || null }, c.label)))),
      body));
}

/** A short-lived message at the top of a page. */
export function flash(container, text, tone = '') {
  const el = h('div', { class: 'flash ' + tone, role: 'status' }, text);
  container.prepend(el);
  setTimeout(() => el.remove(), 8000);
  return el;
}

/** Runs f now and every ms until signal aborts; errors are shown by f's caller. */
export function every(ms, signal, f) {
  const timer = setInterval(() => { if (!document.hidden) f(); }, ms);
  signal.addEventListener('abort', () => clearInterval(timer));
}

export function sleep(ms, signal) {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); });
  });
}
