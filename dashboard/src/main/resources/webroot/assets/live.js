// The live page: follows GET /api/v1/predictions/stream (server-sent events) and lists predictions as they arrive.
// The stream is read through Trapstream.api and parsed here rather than with EventSource, which sees neither a
// refusal's status (a 401 to sign in again) nor its problem details (503 too_many_clients).
'use strict';

const MAX_ROWS = 200;
const RECONNECT_MS = 3000;
/** One of the sizes GET /api/v1/images/{id}/thumbnail serves, a little over the 96 px the row shows. */
const THUMBNAIL_SIZE = 160;
const say = Trapstream.say;

const feed = document.getElementById('feed');
const emptyNote = document.getElementById('empty');
const filters = document.getElementById('filters');
const rowTemplate = document.getElementById('row-template');

let following = null;
let reconnectTimer = null;

function addRow(item) {
  const row = rowTemplate.content.firstElementChild.cloneNode(true);
  row.dataset.imageId = item.image_id;
  const img = row.querySelector('.thumb');
  img.alt = 'Image ' + item.image_id.slice(0, 12) + ' from camera ' + item.camera_id;
  img.addEventListener('error', () => img.classList.add('missing'), { once: true });
  img.src = '/api/v1/images/' + encodeURIComponent(item.image_id) + '/thumbnail?size=' + THUMBNAIL_SIZE;
  row.querySelector('.label').textContent = item.label === null ? 'no model yet' : item.label;
  row.querySelector('.confidence').textContent =
    item.confidence === null ? '' : (item.confidence * 100).toFixed(1) + '%';
  row.querySelector('.camera').textContent = item.camera_id;
  row.querySelector('.captured').textContent = item.captured_at ? new Date(item.captured_at).toLocaleString() : '–';
  row.querySelector('.model').textContent = item.model_version || '–';
  row.querySelector('.reasons').replaceChildren(...item.reasons.map((reason) => {
    const chip = document.createElement('li');
    chip.textContent = reason.replaceAll('_', ' ');
    return chip;
  }));
  feed.prepend(row);
  while (feed.children.length > MAX_ROWS) {
    feed.lastElementChild.remove();
  }
  emptyNote.hidden = true;
}

function streamUrl() {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(filters)) {
    if (String(value).trim() !== '' && !(name === 'min_confidence' && Number(value) === 0)) {
      query.set(name, String(value).trim());
    }
  }
  const text = query.toString();
  return '/api/v1/predictions/stream' + (text ? '?' + text : '');
}

/** Handles one server-sent event; returns false when the server ended the stream. */
function handle(event, data) {
  if (event === 'ready') {
    say('Following live predictions.');
  } else if (event === 'prediction') {
    addRow(JSON.parse(data));
  } else if (event === 'end') {
    say('The server ended the stream (' + JSON.parse(data).reason.replaceAll('_', ' ') + '); reconnecting…', true);
    return false;
  }
  return true;
}

async function follow(signal) {
  const response = await Trapstream.api(streamUrl(), { headers: { Accept: 'text/event-stream' }, signal });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    pending += value;
    let boundary;
    while ((boundary = pending.indexOf('\n\n')) >= 0) {
      const block = pending.slice(0, boundary);
      pending = pending.slice(boundary + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) {
          event = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).trim());
        }
      }
      if (!handle(event, data.join('\n'))) {
        return;
      }
    }
  }
}

/** (Re)starts following with the current filters; a stream that ends or fails is followed again. */
function restart() {
  clearTimeout(reconnectTimer);
  if (following) {
    following.abort();
  }
  const controller = new AbortController();
  following = controller;
  say('Connecting…');
  follow(controller.signal)
    .catch((error) => {
      if (!controller.signal.aborted) {
        say('Live stream: ' + error.message, true);
      }
    })
    .finally(() => {
      if (following === controller && !controller.signal.aborted) {
        reconnectTimer = setTimeout(restart, RECONNECT_MS);
      }
    });
}

filters.addEventListener('submit', (event) => {
  event.preventDefault();
  feed.replaceChildren();
  emptyNote.hidden = false;
  restart();
});
Trapstream.start('/live').then(restart).catch((error) => say(error.message, true));
