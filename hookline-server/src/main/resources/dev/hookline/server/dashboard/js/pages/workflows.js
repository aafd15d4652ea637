// Workflows: the registered workflows (GET /api/workflows), a workflow's runs (GET
// /api/workflows/{name}/runs, newest first, paged) and one run with its steps (GET /api/runs/{id}).

import { api, query, seg, describe } from '../api.js';
import { h, fill, fmt, badge, table, flash, every } from '../dom.js';

export function render(root, ctx) {
  const [name, run] = ctx.params;
  if (run) return runDetail(root, name, run, ctx);
  if (name) return runs(root, name, ctx);
  return list(root, ctx);
}

async function list(root, { signal }) {
  const page = await api('/api/workflows', { signal });
  fill(root,
    h('div', { class: 'page-head' }, h('h1', null, 'Workflows')),
    h('section', { class: 'panel' }, table(
      [{ label: 'Workflow' }, { label: 'Description' }, { label: 'Steps', class: 'num' }, { label: 'Triggers', class: 'hide-sm' }],
      page.data.map((w) => {
        const def = w.definition || {};
        const href = '#/workflows/' + seg(w.name);
        return h('tr', { class: 'clickable', dataset: { workflow: w.name }, onclick: (ev) => { if (ev.target.tagName !== 'A') location.hash = href; } },
          h('td', null, h('a', { href }, h('strong', null, w.name))),
          h('td', { class: 'wrap' }, w.description || ''),
          h('td', { class: 'num' }, Array.isArray(def.steps) ? def.steps.length : '–'),
          h('td', { class: 'wrap hide-sm mono small' }, triggers(def)));
      }),
      'No workflows. Register one with POST /api/workflows or under workflows: in hookline.yaml.')));
}

function triggers(def) {
  const on = def.on ?? def.trigger ?? def.triggers;
  if (on == null) return 'POST /webhooks/generic';
  return typeof on === 'string' ? on : JSON.stringify(on);
}

async function runs(root, name, { signal }) {
  const messages = h('div');
  const results = h('div', { id: 'run-list' });
  const more = h('button', { type: 'button', hidden: true }, 'Load more');
  const definition = h('pre');
  fill(root,
    h('div', { class: 'page-head' }, h('a', { href: '#/workflows' }, '\u2190 Workflows'), h('h1', null, name)),
    messages,
    h('section', { class: 'panel' }, h('h2', null, 'Runs'), results, h('div', { class: 'actions' }, more)),
    h('details', { class: 'panel' }, h('summary', null, 'Definition'), definition));

  api('/api/workflows/' + seg(name), { signal })
    .then((w) => { definition.textContent = fmt.json(w.definition); })
    .catch((e) => { definition.textContent = describe(e); });

  const rows = [];
  let cursor = null;
  async function load(reset) {
    try {
      const page = await api('/api/workflows/' + seg(name) + '/runs' + query({ limit: 50, cursor: reset ? null : cursor }), { signal });
      if (reset) rows.length = 0;
      rows.push(...page.data.map((r) => {
        const href = '#/workflows/' + seg(name) + '/' + seg(r.id);
        return h('tr', { class: 'clickable', dataset: { run: r.id }, onclick: (ev) => { if (ev.target.tagName !== 'A') location.hash = href; } },
          h('td', { class: 'mono' }, h('a', { href }, r.id)),
          h('td', null, badge(r.status)),
          h('td', { class: 'hide-sm' }, r.trigger || ''),
          h('td', { class: 'nowrap', title: r.started_at }, fmt.time(r.started_at)),
          h('td', { class: 'num' }, r.duration_ms == null ? '–' : fmt.ms(r.duration_ms)),
          h('td', { class: 'num' }, (r.steps || []).length),
          h('td', { class: 'wrap' }, r.error || ''));
      }));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      fill(results, table(
        [{ label: 'Run' }, { label: 'Status' }, { label: 'Trigger', class: 'hide-sm' }, { label: 'Started' }, { label: 'Duration', class: 'num' }, { label: 'Steps', class: 'num' }, { label: 'Error' }],
        rows, 'No runs yet.'));
    } catch (e) {
      if (!signal.aborted) flash(messages, describe(e), 'bad');
    }
  }
  more.addEventListener('click', () => load(false));
  every(10000, signal, () => { if (!cursor) load(true); });
  await load(true);
}

async function runDetail(root, name, id, { signal }) {
  const messages = h('div');
  const head = h('div');
  const steps = h('div', { id: 'run-steps' });
  const io = h('div', { class: 'grid-2' });
  fill(root,
    h('div', { class: 'page-head' }, h('a', { href: '#/workflows/' + seg(name) }, '\u2190 ' + name), h('h1', { class: 'mono' }, id)),
    messages,
    h('section', { class: 'panel' }, head),
    h('section', { class: 'panel' }, h('h2', null, 'Steps'), steps),
    io);

  let run = null;
  async function refresh() {
    try {
      run = await api('/api/runs/' + seg(id), { signal });
      fill(head, h('dl', { class: 'facts' },
        h('dt', null, 'Status'), h('dd', { id: 'run-status' }, badge(run.status)),
        h('dt', null, 'Workflow'), h('dd', null, run.workflow),
        h('dt', null, 'Trigger'), h('dd', null, run.trigger || '–'),
        h('dt', null, 'Started'), h('dd', { title: run.started_at }, fmt.time(run.started_at)),
        h('dt', null, 'Finished'), h('dd', { title: run.finished_at || '' }, run.finished_at ? fmt.time(run.finished_at) + ' (' + fmt.ms(run.duration_ms) + ')' : 'still running'),
        run.error ? [h('dt', null, 'Error'), h('dd', null, run.error)] : null));
      fill(steps, table(
        [{ label: 'Step' }, { label: 'Action' }, { label: 'Status' }, { label: 'Duration', class: 'num' }, { label: 'Output or error' }],
        (run.steps || []).map((s) => h('tr', { dataset: { step: s.name } },
          h('td', null, h('strong', null, s.name)),
          h('td', null, s.action),
          h('td', null, badge(s.status || 'pending')),
          h('td', { class: 'num' }, s.duration_ms == null ? '–' : fmt.ms(s.duration_ms)),
          h('td', { class: 'wrap' }, s.error ? h('span', { class: 'badge bad' }, s.error) : s.output === undefined ? '' : h('pre', null, preview(s.output))))),
        'No steps ran.'));
      fill(io,
        h('section', { class: 'panel' }, h('h2', null, 'Inputs'), h('pre', null, fmt.json(run.inputs ?? {}))),
        h('section', { class: 'panel' }, h('h2', null, 'Output'), h('pre', null, fmt.json(run.output ?? null))));
    } catch (e) {
      if (!signal.aborted) flash(messages, describe(e), 'bad');
    }
  }
  every(2000, signal, () => { if (run && run.status === 'running') refresh(); });
  await refresh();
}

function preview(value) {
  const text = typeof value === 'string' ? value : fmt.json(value);
  return text.length > 2000 ? text.slice(0, 2000) + '\u2026' : text;
}
