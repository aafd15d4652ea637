// Deliveries: a filtered list (GET /api/deliveries), one delivery with its attempts and event
// (GET /api/deliveries/{id}, /api/events/{id}), retry (POST .../retry), and replay of an
// endpoint's deliveries (POST /api/endpoints/{id}/replay) with progress read from its stats.

import { api, query, seg, describe } from '../api.js';
import { h, fill, fmt, badge, table, flash, every, sleep } from '../dom.js';

const STATUSES = ['pending', 'in_flight', 'failed', 'succeeded', 'dead'];
const SINCE = { '': 'any time', '15m': 'last 15 min', '1h': 'last hour', '6h': 'last 6 hours', '24h': 'last 24 hours', '7d': 'last 7 days' };
const OPEN = new Set(['pending', 'in_flight', 'failed']);

export function render(root, ctx) {
  return ctx.params.length ? detail(root, ctx.params[0], ctx) : list(root, ctx);
}

// ---- the list ---------------------------------------------------------------------------------

async function list(root, { query: q, signal }) {
  const filters = {
    endpoint: q.get('endpoint') || '',
    status: q.get('status') || '',
    type: q.get('type') || '',
    event: q.get('event') || '',
    since: q.get('since') || '',
    until: q.get('until') || '',
  };
  const endpoints = (await api('/api/endpoints', { signal })).data.map((e) => e.id);
  const messages = h('div');
  const results = h('div', { id: 'delivery-list' });
  const more = h('button', { type: 'button', id: 'load-more', hidden: true }, 'Load more');

  const endpointSelect = h('select', { name: 'endpoint' },
    h('option', { value: '' }, 'all endpoints'),
    endpoints.map((id) => h('option', { value: id, selected: id === filters.endpoint }, id)));
  const statusSelect = h('select', { name: 'status' },
    h('option', { value: '' }, 'any status'),
    STATUSES.map((s) => h('option', { value: s, selected: s === filters.status }, s.replace('_', ' '))));
  const sinceSelect = h('select', { name: 'since' },
    Object.entries(SINCE).map(([v, text]) => h('option', { value: v, selected: v === filters.since }, text)));
  if (filters.since && !SINCE[filters.since]) sinceSelect.append(h('option', { value: filters.since, selected: true }, filters.since));
  const untilInput = h('input', { name: 'until', type: 'datetime-local', step: 1, value: localInput(filters.until) });
  const typeInput = h('input', { name: 'type', type: 'text', placeholder: 'order.created', value: filters.type, size: 16 });
  const form = h('form', { class: 'filters', id: 'delivery-filters' },
    h('label', null, 'Endpoint', endpointSelect),
    h('label', null, 'Status', statusSelect),
    h('label', null, 'Event type', typeInput),
    h('label', null, 'Created', sinceSelect),
    h('label', null, 'Until', untilInput),
    filters.event ? h('label', null, 'Event', h('input', { name: 'event', value: filters.event, size: 14 })) : null,
    h('button', { type: 'submit', class: 'primary' }, 'Filter'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const until = data.get('until') ? new Date(data.get('until')).toISOString() : '';
    location.hash = '#/deliveries' + query({
      endpoint: data.get('endpoint'),
      status: data.get('status'),
      type: (data.get('type') || '').trim(),
      event: (data.get('event') || '').trim(),
      since: data.get('since'),
      until,
    });
  });

  fill(root,
    h('div', { class: 'page-head' }, h('h1', null, 'Deliveries')),
    messages,
    h('section', { class: 'panel' }, form),
    replayPanel(endpoints, filters, signal),
    h('section', { class: 'panel' }, results, h('div', { class: 'actions' }, more)));

  const rows = [];
  let cursor = null;
  async function load(reset) {
    try {
      const page = await api('/api/deliveries' + query({ ...filters, limit: 50, cursor: reset ? null : cursor }), { signal });
      if (reset) rows.length = 0;
      rows.push(...page.data.map(deliveryRow));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      fill(results, table(
        [
          { label: 'Delivery' },
          { label: 'Status' },
          { label: 'Event type' },
          { label: 'Endpoint' },
          { label: 'Attempts', class: 'num' },
          { label: 'Code', class: 'num hide-sm' },
          { label: 'Last error', class: 'hide-sm' },
          { label: 'Updated' },
        ],
        rows,
        'No deliveries match.'));
    } catch (e) {
      if (!signal.aborted) flash(messages, describe(e), 'bad');
    }
  }
  more.addEventListener('click', () => load(false));
  await load(true);
}

function localInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function deliveryRow(d) {
  const href = '#/deliveries/' + seg(d.id);
  return h('tr', { class: 'clickable', dataset: { delivery: d.id }, onclick: (ev) => { if (ev.target.tagName !== 'A') location.hash = href; } },
    h('td', { class: 'mono' }, h('a', { href }, d.id)),
    h('td', null, badge(d.status)),
    h('td', null, d.event_type),
    h('td', null, d.endpoint_id),
    h('td', { class: 'num' }, d.attempts),
    h('td', { class: 'num hide-sm' }, d.last_status_code ?? '–'),
    h('td', { class: 'wrap hide-sm' }, d.last_error || ''),
    h('td', { class: 'nowrap', title: d.updated_at }, fmt.time(d.updated_at)));
}

// ---- replay -----------------------------------------------------------------------------------

function replayPanel(endpoints, filters, signal) {
  const endpointSelect = h('select', { name: 'endpoint', required: true },
    endpoints.map((id) => h('option', { value: id, selected: id === filters.endpoint }, id)));
  const statusSelect = h('select', { name: 'status' },
    ['dead', 'failed', 'succeeded'].map((s) => h('option', { value: s, selected: s === (filters.status || 'dead') }, s)));
  const sinceSelect = h('select', { name: 'since' },
    Object.entries(SINCE).map(([v, text]) => h('option', { value: v, selected: v === filters.since }, text)));
  const button = h('button', { type: 'submit', class: 'primary', id: 'replay-start' }, 'Replay');
  const progress = h('progress', { id: 'replay-progress', max: 1, value: 0, hidden: true });
  const status = h('div', { id: 'replay-status', class: 'muted', role: 'status' });
  const form = h('form', { class: 'filters', id: 'replay-form' },
    h('label', null, 'Endpoint', endpointSelect),
    h('label', null, 'Deliveries that are', statusSelect),
    h('label', null, 'Created', sinceSelect),
    button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const endpoint = endpointSelect.value;
    if (!endpoint) return;
    button.disabled = true;
    try {
      await replay(endpoint, statusSelect.value, sinceSelect.value, progress, status, signal);
    } catch (e) {
      if (!signal.aborted) status.textContent = describe(e);
    }
    button.disabled = false;
  });
  return h('details', { class: 'panel', id: 'replay', open: filters.endpoint && filters.status === 'dead' ? true : null },
    h('summary', null, 'Replay deliveries'),
    h('p', { class: 'muted small' }, 'Queues an endpoint\u2019s deliveries again (attempt numbers keep counting). Progress follows the endpoint\u2019s pending count.'),
    form, progress, status);
}

/** As `hookline replay` does: done when the endpoint's pending count is back where it was. */
async function replay(endpoint, status, since, progress, out, signal) {
  const base = '/api/endpoints/' + seg(endpoint);
  const before = await api(base + '/stats', { signal });
  const r = await api(base + '/replay', { method: 'POST', body: { status, since: since || undefined }, signal });
  const n = r.replayed;
  progress.dataset.total = n;
  if (n === 0) {
    progress.hidden = true;
    out.textContent = `Nothing to replay: no ${status} deliveries of ${endpoint}${since ? ' in the ' + SINCE[since] : ''}.`;
    return;
  }
  progress.hidden = false;
  progress.max = n;
  progress.value = 0;
  let done = 0;
  for (;;) {
    const now = await api(base + '/stats', { signal });
    const stillPending = Math.max(0, now.pending - before.pending);
    done = Math.max(done, n - Math.min(n, stillPending));
    progress.value = done;
    const ok = now.success_count - before.success_count;
    const failed = now.failed_count - before.failed_count;
    out.textContent = `Replaying ${n} ${status} ${n === 1 ? 'delivery' : 'deliveries'} of ${endpoint}: ${done} of ${n} done (${ok} succeeded, ${failed} failed attempts).`;
    if (done >= n || signal.aborted) break;
    await sleep(500, signal);
  }
  out.dataset.done = 'true';
  out.textContent = out.textContent.replace(/^Replaying/, 'Replayed');
}

// ---- one delivery -----------------------------------------------------------------------------

async function detail(root, id, { signal }) {
  const messages = h('div');
  const head = h('div');
  const attempts = h('div', { id: 'attempts' });
  const eventBox = h('div', { id: 'event' });
  const retry = h('button', { type: 'button', class: 'primary', id: 'retry' }, 'Retry now');
  fill(root,
    h('div', { class: 'page-head' },
      h('a', { href: '#/deliveries' }, '\u2190 Deliveries'),
      h('h1', { class: 'mono' }, id),
      h('span', { class: 'spacer' }),
      retry),
    messages,
    h('section', { class: 'panel', id: 'delivery' }, head),
    h('section', { class: 'panel' }, h('h2', null, 'Attempts'), attempts),
    h('section', { class: 'panel' }, h('h2', null, 'Event'), eventBox));

  let eventShown = false;
  let d = null;
  async function refresh() {
    try {
      d = await api('/api/deliveries/' + seg(id), { signal });
      showHead(head, d);
      retry.disabled = d.status === 'in_flight';
      fill(attempts, table(
        [
          { label: '#', class: 'num' },
          { label: 'Started' },
          { label: 'Status', class: 'num' },
          { label: 'Duration', class: 'num' },
          { label: 'Error' },
          { label: 'Response' },
        ],
        d.attempt_log.map((a) => h('tr', { dataset: { attempt: a.number } },
          h('td', { class: 'num' }, a.number),
          h('td', { class: 'nowrap', title: a.started_at }, fmt.time(a.started_at)),
          h('td', { class: 'num', dataset: { field: 'status_code' } },
            a.status_code == null ? '–' : badge(String(a.status_code), a.status_code >= 200 && a.status_code < 300 ? 'ok' : 'bad')),
          h('td', { class: 'num nowrap' }, fmt.ms(a.duration_ms)),
          h('td', { class: 'wrap', dataset: { field: 'error' } }, a.error || ''),
          h('td', { class: 'wrap' }, a.response_snippet ? h('pre', { dataset: { field: 'response' } }, a.response_snippet) : h('span', { class: 'muted' }, 'none')))),
        'No attempt yet.'));
      if (!eventShown) {
        eventShown = true;
        api('/api/events/' + seg(d.event_id), { signal })
          .then((e) => fill(eventBox, h('pre', null, fmt.json(e.event))))
          .catch((e) => fill(eventBox, h('p', { class: 'muted' }, describe(e))));
      }
    } catch (e) {
      if (!signal.aborted) flash(messages, describe(e), 'bad');
    }
  }

  retry.addEventListener('click', async () => {
    retry.disabled = true;
    try {
      const queued = await api('/api/deliveries/' + seg(id) + '/retry', { method: 'POST', signal });
      flash(messages, `Queued again: attempt ${queued.attempts + 1} goes out now.`, 'ok');
    } catch (e) {
      flash(messages, describe(e), 'bad');
    }
    await refresh();
  });

  // While the delivery is still moving, follow it closely.
  every(2000, signal, () => { if (d && OPEN.has(d.status)) refresh(); });
  every(15000, signal, () => { if (d && !OPEN.has(d.status)) refresh(); });
  await refresh();
}

function showHead(container, d) {
  fill(container, h('dl', { class: 'facts' },
    h('dt', null, 'Status'), h('dd', { id: 'delivery-status' }, badge(d.status)),
    h('dt', null, 'Endpoint'), h('dd', null, h('a', { href: '#/deliveries' + query({ endpoint: d.endpoint_id }) }, d.endpoint_id)),
    h('dt', null, 'Event'), h('dd', null, h('span', { class: 'mono' }, d.event_id), ' ', h('span', { class: 'muted' }, d.event_type)),
    h('dt', null, 'Attempts'), h('dd', { id: 'delivery-attempts' }, d.attempts),
    h('dt', null, 'Created'), h('dd', { title: d.created_at }, fmt.time(d.created_at)),
    h('dt', null, 'Updated'), h('dd', { title: d.updated_at }, fmt.time(d.updated_at), ' ', h('span', { class: 'muted' }, fmt.ago(d.updated_at))),
    d.completed_at ? [h('dt', null, 'Completed'), h('dd', { title: d.completed_at }, fmt.time(d.completed_at))] : null,
    OPEN.has(d.status) ? [h('dt', null, 'Next attempt'), h('dd', { title: d.next_attempt_at }, fmt.time(d.next_attempt_at))] : null,
    d.last_error ? [h('dt', null, 'Last error'), h('dd', null, d.last_error)] : null));
}
