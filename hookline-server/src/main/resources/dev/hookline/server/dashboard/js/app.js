// The dashboard shell: login with an API key, a hash router (#/page/...), one page at a time.
// Pages get an AbortSignal that fires when the user leaves them, to stop timers and streams.

import { api, apiKey, setApiKey, clearApiKey, onUnauthorized, describe } from './api.js';
import { h, fill } from './dom.js';
import * as overview from './pages/overview.js';
import * as endpoints from './pages/endpoints.js';
import * as deliveries from './pages/deliveries.js';
import * as live from './pages/live.js';
import * as inbound from './pages/inbound.js';
import * as workflows from './pages/workflows.js';

const PAGES = { overview, endpoints, deliveries, live, inbound, workflows };

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOut = document.getElementById('sign-out');
const note = document.getElementById('session-note');

let current = null; // {controller}
let signedIn = false;

/** #/deliveries/dlv_1?status=dead -> {page: 'deliveries', params: ['dlv_1'], query} */
function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, search = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const page = PAGES[parts[0]] ? parts[0] : 'overview';
  return { page, params: parts.slice(1), query: new URLSearchParams(search) };
}

function render() {
  if (!signedIn) return;
  current?.controller.abort();
  const controller = new AbortController();
  current = { controller };
  const { page, params, query } = route();
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', a.dataset.page === page);
  document.title = 'Hookline · ' + nav.querySelector(`[data-page="${page}"]`).textContent;
  const root = h('div', { class: 'page', dataset: { page } });
  fill(main, root);
  Promise.resolve(PAGES[page].render(root, { params, query, signal: controller.signal })).catch((e) => {
    if (controller.signal.aborted) return;
    root.prepend(h('div', { class: 'flash bad', role: 'alert' }, describe(e)));
  });
}

function showLogin(message) {
  signedIn = false;
  current?.controller.abort();
  nav.hidden = true;
  signOut.hidden = true;
  note.textContent = '';
  const input = h('input', { id: 'api-key', name: 'key', type: 'password', autocomplete: 'current-password', required: true, spellcheck: 'false' });
  const error = h('p', { id: 'login-error', class: 'flash bad', role: 'alert', hidden: !message }, message || '');
  const button = h('button', { class: 'primary', type: 'submit', id: 'sign-in' }, 'Sign in');
  // method=post: even if this script failed half-way, a browser would never put the key in a URL.
  const form = h('form', { method: 'post', action: '#', id: 'login' },
    h('label', { for: 'api-key' }, 'API key', input),
    error,
    button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    button.disabled = true;
    setApiKey(key);
    try {
      await api('/api/stats?window=1m&bucket=1m');
      start(true);
    } catch (e) {
      clearApiKey();
      error.hidden = false;
      error.textContent = e.status === 401 ? 'That API key is not valid.' : describe(e);
      button.disabled = false;
      input.select();
    }
  });
  fill(main,
    h('div', { class: 'panel login' },
      h('h1', null, 'Sign in'),
      h('p', { class: 'muted' },
        'This server needs an API key (server.api_keys in hookline.yaml). ',
        'It is kept in this browser tab only and sent as a Bearer header.'),
      form));
  input.focus();
}

function start(withKey) {
  signedIn = true;
  nav.hidden = false;
  signOut.hidden = !withKey;
  note.textContent = withKey ? '' : 'open server (no API keys)';
  render();
}

onUnauthorized((message) => {
  if (!signedIn) return;
  const hadKey = Boolean(apiKey());
  clearApiKey();
  showLogin(hadKey ? 'The server no longer accepts this key: ' + (message || 'sign in again.') : message);
});

signOut.addEventListener('click', () => {
  clearApiKey();
  showLogin();
});

window.addEventListener('hashchange', render);

// Does the server need a key, and is the one in this tab (if any) still good?
(async () => {
  try {
    await api('/api/stats?window=1m&bucket=1m');
    start(Boolean(apiKey()));
  } catch (e) {
    if (e.status === 401) {
      clearApiKey();
      showLogin();
    } else {
      fill(main, h('div', { class: 'flash bad', role: 'alert' }, 'The server did not answer: ' + describe(e)));
    }
  }
})();
