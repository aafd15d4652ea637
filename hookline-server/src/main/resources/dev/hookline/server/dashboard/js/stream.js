// GET /api/stream read with fetch() and a streaming reader, because EventSource cannot send the
// Authorization header. Parses Server-Sent Events and reconnects with a growing pause.

import { authHeaders, refused } from './api.js';

/**
 * Opens the live stream. onMessage({event, id, data}) for each message (data parsed as JSON);
 * onState('connecting' | 'live' | 'reconnecting' | 'unauthorized', detail). close() stops it.
 */
export function openStream({ types, onMessage, onState }) {
  const controller = new AbortController();
  let pause = 1000;

  async function connect() {
    while (!controller.signal.aborted) {
      onState('connecting');
      try {
        const url = '/api/stream' + (types ? '?types=' + encodeURIComponent(types) : '');
        const res = await fetch(url, {
          headers: { Accept: 'text/event-stream', ...authHeaders() },
          signal: controller.signal,
          cache: 'no-store',
          credentials: 'omit',
        });
        if (res.status === 401) {
          onState('unauthorized');
          refused('the API key is not valid');
          return;
        }
        if (!res.ok) {
          const body = await res.json().catch(() => ({}));
          onState('error', body.message || 'HTTP ' + res.status);
          if (res.status === 400) return; // a bad type pattern: retrying will not help
          throw new Error('HTTP ' + res.status);
        }
        onState('live');
        pause = 1000;
        await read(res.body, onMessage);
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      if (controller.signal.aborted) return;
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 15000);
    }
  }

  connect();
  return { close: () => controller.abort() };
}

async function read(body, onMessage) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message = parse(block);
      if (message) onMessage(message);
    }
  }
}

function parse(block) {
  let event = 'message';
  let id = null;
  const data = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'id') id = value;
    else if (field === 'data') data.push(value);
  }
  if (!data.length) return null;
  let parsed;
  try {
    parsed = JSON.parse(data.join('\n'));
  } catch {
    parsed = data.join('\n');
  }
  return { event, id, data: parsed };
}
