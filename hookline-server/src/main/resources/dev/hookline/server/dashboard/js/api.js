// The dashboard's only way to the server: the public HTTP API, with the API key (kept in this
// tab's sessionStorage) as a Bearer header. The key never goes into a URL.

const KEY = 'hookline.apiKey';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code);
    this.status = status;
    this.code = code;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function clearApiKey() {
  sessionStorage.removeItem(KEY);
}

let unauthorized = () => {};

/** Called when the server answers 401 (no key, or a key it no longer accepts). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** Tells the page that the server refused the key (for calls made without api()). */
export function refused(message) {
  unauthorized(message);
}

export function authHeaders() {
  const key = apiKey();
  return key ? { Authorization: 'Bearer ' + key } : {};
}

/** Calls the API; resolves to the parsed JSON (null for 204), rejects with an ApiError. */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const headers = { Accept: 'application/json', ...authHeaders() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
    cache: 'no-store',
    credentials: 'omit',
  });
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    if (res.status === 401) unauthorized(json?.message);
    throw new ApiError(res.status, json?.error || 'http_' + res.status, json?.message || text || res.statusText);
  }
  return json;
}

/** ?a=1&b=x from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v != null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

export const seg = encodeURIComponent;

/** An error as one line for the page. */
export function describe(e) {
  if (e instanceof ApiError) return `${e.message} (${e.status} ${e.code})`;
  return String(e?.message || e);
}
