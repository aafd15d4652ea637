// Endpoints: each endpoint with its health, circuit state and stats (GET /api/endpoints and
// /api/endpoints/{id}/stats), enable/disable (PATCH), a test event (POST .../test).

import { api, seg, describe } from '../api.js';
import { h, fill, fmt, badge, table, flash, every } from '../dom.js';

/** One word for how an endpoint is doing. */
export function health(endpoint, stats) {
  if (endpoint.enabled === false) return 'disabled';
  if (stats.circuit_state === 'open') return 'down';
  if (stats.circuit_state === 'half_open') return 'recovering';
  if (stats.total_sent === 0) return 'no traffic';
  if (stats.success_rate >= 0.95) return 'healthy';
  return stats.success_rate >= 0.5 ? 'degraded' : 'failing';
}

export async function render(root, { signal }) {
  const list = h('div', { id: 'endpoint-list' });
  const messages = h('div');
  const refreshButton = h('button', { type: 'button', onclick: () => refresh() }, 'Refresh');
  fill(root,
    h('div', { class: 'page-head' }, h('h1', null, 'Endpoints'), h('span', { class: 'spacer' }), refreshButton),
    messages,
    h('section', { class: 'panel' }, list),
    h('p', { class: 'muted small' },
      'Counts are attempts over the retained history (GET /api/endpoints/{id}/stats). ',
      'Circuit state is this node\u2019s. Endpoints are added and edited over the API, the CLI or hookline.yaml.'));

  async function refresh() {
    try {
      const page = await api('/api/endpoints', { signal });
      const stats = await Promise.all(
        page.data.map((e) => api('/api/endpoints/' + seg(e.id) + '/stats', { signal }).catch(() => null)));
      fill(list, table(
        [
          { label: 'Endpoint' },
          { label: 'Health' },
          { label: 'Circuit', class: 'hide-sm' },
          { label: 'Sent', class: 'num' },
          { label: 'Succeeded', class: 'num' },
          { label: 'Failed', class: 'num' },
          { label: 'Success rate', class: 'num' },
          { label: 'p95', class: 'num hide-sm' },
          { label: 'Pending', class: 'num' },
          { label: '' },
        ],
        page.data.map((e, i) => row(e, stats[i])),
        'No endpoints yet: POST /api/endpoints or hookline endpoints add.'));
    } catch (e) {
      if (!signal.aborted) flash(messages, describe(e), 'bad');
    }
  }

  function row(e, s) {
    const stat = s || {};
    const word = s ? health(e, s) : 'unknown';
    const tone = { healthy: 'ok', degraded: 'warn', recovering: 'warn', failing: 'bad', down: 'bad' }[word] || '';
    const toggle = h('button', {
      type: 'button',
      class: 'small' + (e.enabled === false ? '' : ' danger'),
      dataset: { action: 'toggle' },
      onclick: async () => {
        toggle.disabled = true;
        try {
          const updated = await api('/api/endpoints/' + seg(e.id), { method: 'PATCH', body: { enabled: e.enabled === false }, signal });
          flash(messages, `${updated.id} is now ${updated.enabled === false ? 'disabled' : 'enabled'}.`, 'ok');
        } catch (err) {
          flash(messages, describe(err), 'bad');
        }
        refresh();
      },
    }, e.enabled === false ? 'Enable' : 'Disable');
    const test = h('button', {
      type: 'button',
      class: 'small',
      dataset: { action: 'test' },
      onclick: async () => {
        test.disabled = true;
        try {
          const r = await api('/api/endpoints/' + seg(e.id) + '/test', { method: 'POST', signal });
          const el = flash(messages, `Test event ${r.event_id} sent to ${e.id}: `, 'ok');
          el.dataset.delivery = r.delivery_id || '';
          if (r.delivery_id) el.append(h('a', { href: '#/deliveries/' + seg(r.delivery_id) }, 'delivery ' + r.delivery_id));
        } catch (err) {
          flash(messages, describe(err), 'bad');
        }
        test.disabled = false;
        setTimeout(refresh, 1500);
      },
    }, 'Send test');
    return h('tr', { dataset: { endpoint: e.id } },
      h('td', { class: 'wrap' },
        h('strong', null, e.id), ' ', e.format && e.format !== 'raw' ? badge(e.format, 'info') : null,
        h('div', { class: 'sub mono' }, e.url || e.format),
        h('div', { class: 'sub' }, (e.events || []).join(', '))),
      h('td', { dataset: { field: 'health' } }, badge(word, tone)),
      h('td', { class: 'hide-sm', dataset: { field: 'circuit_state' } }, stat.circuit_state ? badge(stat.circuit_state) : '–'),
      h('td', { class: 'num', dataset: { field: 'total_sent' } }, fmt.int(stat.total_sent)),
      h('td', { class: 'num', dataset: { field: 'success_count' } }, fmt.int(stat.success_count)),
      h('td', { class: 'num', dataset: { field: 'failed_count' } }, fmt.int(stat.failed_count)),
      h('td', { class: 'num', dataset: { field: 'success_rate' } }, s ? fmt.percent(stat.success_rate) : '–'),
      h('td', { class: 'num hide-sm', dataset: { field: 'p95_response_time_ms' } }, s ? fmt.ms(stat.p95_response_time_ms) : '–'),
      h('td', { class: 'num', dataset: { field: 'pending' } }, fmt.int(stat.pending)),
      h('td', null, h('div', { class: 'actions' },
        test,
        toggle,
        h('a', { class: 'button small', href: '#/deliveries?endpoint=' + seg(e.id) }, 'Deliveries'))));
  }

  every(15000, signal, refresh);
  await refresh();
}
