// Live events: GET /api/stream (read with fetch, so the API key goes in a header), filtered on
// the server by type pattern, pausable: while paused, messages are kept and shown on resume.

import { h, fill, fmt, badge } from '../dom.js';
import { openStream } from '../stream.js';

const MAX_ROWS = 300;
const MAX_HELD = 2000;

export function render(root, { query: q, signal }) {
  const types = q.get('types') || '';
  const typesInput = h('input', { id: 'live-types', name: 'types', type: 'text', value: types, placeholder: 'e.g. order.*, github.*', size: 22 });
  const kinds = { event: true, delivery: true, workflow: true };
  const kindLabels = { event: 'events', delivery: 'deliveries', workflow: 'workflow runs' };
  const kindBoxes = Object.keys(kinds).map((k) => {
    const box = h('input', { type: 'checkbox', checked: true, dataset: { kind: k } });
    box.addEventListener('change', () => { kinds[k] = box.checked; redraw(); });
    return h('label', { class: 'toggle' }, box, kindLabels[k]);
  });
  const state = h('span', { class: 'live-state', id: 'live-state', role: 'status' }, 'connecting');
  const pauseButton = h('button', { type: 'button', id: 'live-pause' }, 'Pause');
  const clearButton = h('button', { type: 'button' }, 'Clear');
  const held = h('span', { class: 'muted small', id: 'live-held' });
  const body = h('tbody', { id: 'live-rows' });
  const empty = h('tr', null, h('td', { class: 'empty', colspan: 4 }, 'Waiting for events\u2026 (POST /api/events, or hookline send)'));
  body.append(empty);
  const form = h('form', { class: 'filters', id: 'live-filter' },
    h('label', null, 'Event types', typesInput),
    h('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = typesInput.value.trim();
    location.hash = '#/live' + (t ? '?types=' + encodeURIComponent(t) : '');
  });

  fill(root,
    h('div', { class: 'page-head' },
      h('h1', null, 'Live events'), state, h('span', { class: 'spacer' }), held, pauseButton, clearButton),
    h('section', { class: 'panel' },
      h('div', { class: 'page-head' }, form, h('div', { class: 'actions' }, kindBoxes))),
    h('section', { class: 'panel' },
      h('div', { class: 'table-wrap' }, h('table', null,
        h('thead', null, h('tr', null, h('th', null, 'Time'), h('th', null, 'Kind'), h('th', null, 'Type'), h('th', null, 'Details'))),
        body))));

  const messages = []; // shown, newest first
  let heldBack = [];
  let paused = false;
  let lagged = 0;

  function rowFor(m) {
    const tr = h('tr', { dataset: { kind: m.event, id: m.id || '' }, hidden: !visible(m) },
      h('td', { class: 'nowrap' }, fmt.time(m.at)),
      h('td', null, badge(m.event)),
      h('td', { class: 'wrap' }, typeOf(m)),
      h('td', { class: 'wrap' }, details(m)));
    m.row = tr;
    return tr;
  }

  function visible(m) {
    return kinds[m.event] !== false;
  }

  function show(m) {
    empty.remove();
    messages.unshift(m);
    body.prepend(rowFor(m));
    while (messages.length > MAX_ROWS) messages.pop().row.remove();
  }

  function redraw() {
    for (const m of messages) m.row.hidden = !visible(m);
  }

  function showHeld() {
    held.textContent = paused ? `${heldBack.length} new while paused` : lagged ? `${lagged} dropped by the server (too slow)` : '';
  }

  pauseButton.addEventListener('click', () => {
    paused = !paused;
    pauseButton.textContent = paused ? 'Resume' : 'Pause';
    pauseButton.classList.toggle('primary', paused);
    if (!paused) {
      heldBack.forEach(show);
      heldBack = [];
    }
    setState(paused ? 'paused' : lastState);
    showHeld();
  });
  clearButton.addEventListener('click', () => {
    messages.splice(0).forEach((m) => m.row.remove());
    heldBack = [];
    showHeld();
  });

  let lastState = 'connecting';
  function setState(s, detail) {
    const text = { connecting: 'connecting', live: 'live', reconnecting: 'reconnecting\u2026', paused: 'paused', unauthorized: 'signed out', error: 'error' }[s] || s;
    state.textContent = detail ? `${text}: ${detail}` : text;
    state.className = 'live-state ' + ({ live: 'live', paused: 'paused', reconnecting: 'down', error: 'down', unauthorized: 'down' }[s] || '');
    state.dataset.state = s;
  }

  const stream = openStream({
    types,
    onState: (s, detail) => {
      lastState = s;
      if (!paused) setState(s, detail);
    },
    onMessage: (m) => {
      m.at = new Date().toISOString();
      if (m.event === 'lagged') {
        lagged += m.data.dropped || 0;
        showHeld();
        return;
      }
      if (paused) {
        heldBack.push(m);
        if (heldBack.length > MAX_HELD) heldBack.shift();
        showHeld();
      } else {
        show(m);
      }
    },
  });
  signal.addEventListener('abort', () => stream.close());
}

function typeOf(m) {
  const d = m.data || {};
  if (m.event === 'event') return d.type;
  if (m.event === 'delivery') return d.event_type;
  if (m.event === 'workflow') return d.workflow;
  return '';
}

function details(m) {
  const d = m.data || {};
  if (m.event === 'event') {
    const data = d.data ? JSON.stringify(d.data) : '';
    return [h('span', { class: 'mono' }, d.id), ' ', h('span', { class: 'muted mono' }, data.length > 140 ? data.slice(0, 140) + '\u2026' : data)];
  }
  if (m.event === 'delivery') {
    return [
      badge(d.status), ' \u2192 ', h('strong', null, d.endpoint_id),
      ` attempt ${d.attempt}`, d.status_code != null ? ` \u00b7 HTTP ${d.status_code}` : '', ` \u00b7 ${fmt.ms(d.duration_ms)}`,
      d.error ? h('span', { class: 'muted' }, ' \u00b7 ' + d.error) : '',
      d.will_retry ? h('span', { class: 'muted' }, ' \u00b7 retry ' + fmt.time(d.next_attempt_at)) : '',
      ' ', h('a', { href: '#/deliveries/' + encodeURIComponent(d.delivery_id), class: 'mono small' }, d.delivery_id),
    ];
  }
  if (m.event === 'workflow') {
    return [badge(d.status), ' run ', h('a', { class: 'mono', href: '#/workflows/' + encodeURIComponent(d.workflow) + '/' + encodeURIComponent(d.id) }, d.id),
      d.error ? h('span', { class: 'muted' }, ' \u00b7 ' + d.error) : ''];
  }
  return JSON.stringify(d);
}
