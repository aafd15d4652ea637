// Overview: traffic over a window from GET /api/stats (per-bucket attempts, success rate, p95,
// queue), as cards and two Chart.js charts, refreshed every 10 s; the latest dead deliveries.

import { api, query, seg, describe } from '../api.js';
import { h, fill, fmt, badge, table, every } from '../dom.js';

const WINDOWS = {
  '15m': '15s',
  '1h': '1m',
  '6h': '5m',
  '24h': '15m',
  '7d': '2h',
};

export async function render(root, { query: q, signal }) {
  let span = WINDOWS[q.get('window')] ? q.get('window') : '1h';
  const select = h('select', { id: 'window', 'aria-label': 'Window' },
    Object.keys(WINDOWS).map((w) => h('option', { value: w, selected: w === span }, 'last ' + w)));
  const updated = h('span', { class: 'muted small', id: 'updated' });
  const error = h('div', { class: 'flash bad', role: 'alert', hidden: true });
  const cards = h('div', { class: 'grid-cards', id: 'cards' });
  const rateCanvas = h('canvas', { id: 'chart-rate', role: 'img', 'aria-label': 'Deliveries per second' });
  const failCanvas = h('canvas', { id: 'chart-failures', role: 'img', 'aria-label': 'Failed attempts' });
  const rateTitle = h('h2', null, 'Deliveries per second');
  const failTitle = h('h2', null, 'Failures');
  const dead = h('div', { id: 'recent-dead' });

  fill(root,
    h('div', { class: 'page-head' }, h('h1', null, 'Overview'), h('span', { class: 'spacer' }), updated, select),
    error,
    cards,
    h('div', { class: 'grid-charts' },
      h('section', { class: 'panel' }, rateTitle, h('div', { class: 'chart-box' }, rateCanvas)),
      h('section', { class: 'panel' }, failTitle, h('div', { class: 'chart-box' }, failCanvas))),
    h('section', { class: 'panel' },
      h('h2', null, 'Latest dead deliveries ', h('a', { class: 'small', href: '#/deliveries?status=dead' }, 'all')),
      dead));

  const charts = makeCharts(rateCanvas, failCanvas);
  signal.addEventListener('abort', () => charts.forEach((c) => c.destroy()));

  async function refresh() {
    try {
      const bucket = WINDOWS[span];
      const [stats, deadPage] = await Promise.all([
        api('/api/stats' + query({ window: span, bucket }), { signal }),
        api('/api/deliveries' + query({ status: 'dead', limit: 5 }), { signal }),
      ]);
      error.hidden = true;
      showCards(cards, stats);
      showCharts(charts, stats);
      rateTitle.textContent = `Deliveries per second (per ${stats.bucket})`;
      failTitle.textContent = `Failed attempts (per ${stats.bucket})`;
      showDead(dead, deadPage.data);
      updated.textContent = 'updated ' + fmt.time(stats.now);
    } catch (e) {
      if (signal.aborted) return;
      error.hidden = false;
      error.textContent = describe(e);
    }
  }

  select.addEventListener('change', () => {
    span = select.value;
    history.replaceState(null, '', '#/overview' + query({ window: span }));
    refresh();
  });
  every(10000, signal, refresh);
  await refresh();
}

function card(id, label, value, sub, tone) {
  return h('div', { class: 'card ' + (tone || ''), dataset: { stat: id } },
    h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, value),
    h('div', { class: 'sub' }, sub || '\u00a0'));
}

function seconds(duration) {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(duration);
  if (!m) return 60;
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2]];
}

function showCards(cards, s) {
  // The last bucket is still filling: the current rate counts it and the one before, over the
  // time they cover so far.
  const width = seconds(s.bucket);
  const n = s.buckets.length;
  const current = s.buckets[n - 1];
  const previous = n > 1 ? s.buckets[n - 2] : null;
  const elapsed = Math.max(1, (new Date(s.now) - new Date(current.start)) / 1000);
  const recent = current.succeeded + current.failed + (previous ? previous.succeeded + previous.failed : 0);
  const rate = recent / (elapsed + (previous ? width : 0));
  const average = s.total / seconds(s.window);
  const rateTone = s.total === 0 ? '' : s.success_rate >= 0.99 ? 'good' : s.success_rate >= 0.9 ? 'warn' : 'bad';
  const age = s.oldest_pending_age_seconds;
  fill(cards,
    card('rate', 'Deliveries/s', fmt.dec(rate), 'avg ' + fmt.dec(average) + '/s over ' + s.window),
    card('success-rate', 'Success rate', fmt.percent(s.success_rate), fmt.int(s.succeeded) + ' of ' + fmt.int(s.total) + ' attempts', rateTone),
    card('failures', 'Failures', fmt.int(s.failed), 'attempts not answered 2xx', s.failed > 0 ? 'bad' : ''),
    card('p95', 'p95 latency', fmt.ms(s.p95_response_time_ms), 'avg ' + fmt.ms(s.avg_response_time_ms)),
    card('queue-depth', 'Queue depth', fmt.int(s.queue_depth), 'pending, in flight or retrying'),
    card('oldest-pending', 'Oldest pending', age == null ? 'none' : fmt.age(age),
      age == null ? 'the queue is empty' : 'since ' + fmt.time(s.oldest_pending_at), age != null && age > 300 ? 'warn' : ''));
}

function css(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function makeCharts(rateCanvas, failCanvas) {
  const Chart = window.Chart;
  const grid = css('--chart-grid');
  const text = css('--muted');
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'index', intersect: false },
    plugins: { legend: { labels: { color: text, boxWidth: 12 } } },
    scales: {
      x: { stacked: true, grid: { color: grid }, ticks: { color: text, maxRotation: 0, autoSkipPadding: 12 } },
      y: { stacked: true, beginAtZero: true, grid: { color: grid }, ticks: { color: text, precision: 0 } },
    },
  };
  const ok = css('--chart-ok');
  const bad = css('--chart-bad');
  const rate = new Chart(rateCanvas, {
    type: 'line',
    data: {
      labels: [],
      datasets: [
        { label: 'succeeded', data: [], borderColor: ok, backgroundColor: ok + '33', fill: 'origin', pointRadius: 0, tension: 0.25, borderWidth: 2 },
        { label: 'failed', data: [], borderColor: bad, backgroundColor: bad + '55', fill: '-1', pointRadius: 0, tension: 0.25, borderWidth: 2 },
      ],
    },
    options: {
      ...common,
      scales: { ...common.scales, y: { ...common.scales.y, ticks: { color: text } } },
      plugins: { ...common.plugins, tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${fmt.dec(c.parsed.y)}/s` } } },
    },
  });
  const failures = new Chart(failCanvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ label: 'failed attempts', data: [], backgroundColor: bad, borderRadius: 2 }] },
    options: common,
  });
  return [rate, failures];
}

function label(iso, bucket) {
  const d = new Date(iso);
  const opts = { hour: '2-digit', minute: '2-digit', hour12: false };
  if (seconds(bucket) < 60) opts.second = '2-digit';
  if (seconds(bucket) >= 3600) return d.toLocaleDateString(undefined, { weekday: 'short' }) + ' ' + d.toLocaleTimeString(undefined, opts);
  return d.toLocaleTimeString(undefined, opts);
}

function showCharts([rate, failures], s) {
  const width = seconds(s.bucket);
  const labels = s.buckets.map((b) => label(b.start, s.bucket));
  rate.data.labels = labels;
  rate.data.datasets[0].data = s.buckets.map((b) => b.succeeded / width);
  rate.data.datasets[1].data = s.buckets.map((b) => b.failed / width);
  failures.data.labels = labels;
  failures.data.datasets[0].data = s.buckets.map((b) => b.failed);
  rate.update('none');
  failures.update('none');
}

function showDead(container, items) {
  fill(container, table(
    [{ label: 'Delivery' }, { label: 'Event type' }, { label: 'Endpoint' }, { label: 'Attempts', class: 'num' }, { label: 'Last error', class: 'hide-sm' }, { label: 'Updated' }],
    items.map((d) => h('tr', { class: 'clickable', onclick: () => { location.hash = '#/deliveries/' + seg(d.id); } },
      h('td', { class: 'mono' }, h('a', { href: '#/deliveries/' + seg(d.id) }, d.id), ' ', badge(d.status)),
      h('td', null, d.event_type),
      h('td', null, d.endpoint_id),
      h('td', { class: 'num' }, d.attempts),
      h('td', { class: 'wrap hide-sm' }, d.last_error || (d.last_status_code ? 'HTTP ' + d.last_status_code : '')),
      h('td', { class: 'nowrap' }, fmt.time(d.updated_at)))),
    'No dead deliveries. Everything that failed was delivered on a retry.'));
}
