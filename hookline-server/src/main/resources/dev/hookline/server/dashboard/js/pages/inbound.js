// Inbound sources: recent requests to POST /webhooks/{source} and what became of them (GET
// /api/inbound): verified and accepted, duplicate, or rejected and why. Refreshed every 10 s.

import { api, query, describe } from '../api.js';
import { h, fill, fmt, badge, table, flash, every } from '../dom.js';

export async function render(root, { query: q, signal }) {
  const messages = h('div');
  const summary = h('div', { class: 'grid-cards', id: 'inbound-summary' });
  const list = h('div', { id: 'inbound-list' });
  const sourceSelect = h('select', { name: 'source' }, h('option', { value: '' }, 'all sources'));
  const outcomeSelect = h('select', { name: 'outcome' },
    ['', 'accepted', 'duplicate', 'answered', 'rejected', 'failed'].map((o) => h('option', { value: o, selected: o === (q.get('outcome') || '') }, o || 'any outcome')));
  let source = q.get('source') || '';
  sourceSelect.addEventListener('change', () => { source = sourceSelect.value; draw(); });
  outcomeSelect.addEventListener('change', () => draw());

  fill(root,
    h('div', { class: 'page-head' }, h('h1', null, 'Inbound sources'), h('span', { class: 'spacer' }),
      h('label', { class: 'toggle' }, 'Source ', sourceSelect), h('label', { class: 'toggle' }, 'Outcome ', outcomeSelect)),
    messages,
    summary,
    h('section', { class: 'panel' }, list),
    h('p', { class: 'muted small' }, 'The most recent requests this node received (a bounded log; rejected requests create nothing else). Secrets are never shown.'));

  let entries = [];
  function draw() {
    const outcome = outcomeSelect.value;
    const sources = [...new Set(entries.map((e) => e.source))].sort();
    fill(sourceSelect, h('option', { value: '' }, 'all sources'), sources.map((s) => h('option', { value: s, selected: s === source }, s)));
    const count = (o) => entries.filter((e) => e.outcome === o).length;
    fill(summary,
      ['accepted', 'duplicate', 'rejected'].map((o) =>
        h('div', { class: 'card ' + (o === 'rejected' && count(o) ? 'bad' : o === 'accepted' ? 'good' : ''), dataset: { stat: o } },
          h('div', { class: 'label' }, o), h('div', { class: 'value' }, count(o)), h('div', { class: 'sub' }, 'of the last ' + entries.length))));
    const shown = entries.filter((e) => (!source || e.source === source) && (!outcome || e.outcome === outcome));
    fill(list, table(
      [{ label: 'Time' }, { label: 'Source' }, { label: 'Outcome' }, { label: 'HTTP', class: 'num' }, { label: 'Reason' }, { label: 'Event' }],
      shown.map((e) => h('tr', { dataset: { source: e.source, outcome: e.outcome } },
        h('td', { class: 'nowrap', title: e.time }, fmt.time(e.time)),
        h('td', null, h('strong', null, e.source)),
        h('td', null, badge(e.outcome)),
        h('td', { class: 'num' }, e.status),
        h('td', { class: 'wrap', dataset: { field: 'reason' } }, e.reason),
        h('td', { class: 'wrap' },
          e.event_type ? h('div', null, e.event_type) : null,
          e.event_id ? h('a', { class: 'mono small', href: '#/deliveries' + query({ event: e.event_id }) }, e.event_id) : null))),
      'No inbound requests yet. Sources are declared under sources: in hookline.yaml and receive at POST /webhooks/{source}.'));
  }

  async function refresh() {
    try {
      entries = (await api('/api/inbound?limit=500', { signal })).data;
      draw();
    } catch (e) {
      if (!signal.aborted) flash(messages, describe(e), 'bad');
    }
  }
  every(10000, signal, refresh);
  await refresh();
}
