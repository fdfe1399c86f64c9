// The cameras page: each camera's images, label and empty shares, last seen, dead letters and drift, from
// GET /api/v1/cameras. Plain DOM code, no framework, no build; the session and requests come from common.js.
'use strict';

const say = Trapstream.say;

const REFRESH_MS = 5000;
/** The TrapstreamCameraSilent alert's threshold: a day without an image or a dead letter. */
const SILENT_MS = 24 * 3600 * 1000;
/** The TrapstreamCameraDrifting alert's threshold. */
const DRIFT_HIGH = 0.2;
/** Labels drawn in their own colour in a camera's share bar; the rest share one. */
const SHOWN_LABELS = 5;

const table = document.getElementById('cameras');
const rows = document.getElementById('camera-rows');
const none = document.getElementById('none');
const bound = document.getElementById('bound');

function percent(share) {
  return (share * 100).toFixed(1) + '%';
}

function cell(row, className, text) {
  const td = row.insertCell();
  td.className = className;
  td.textContent = text;
  return td;
}

function detail(td, text) {
  const span = document.createElement('span');
  span.className = 'detail';
  span.textContent = text;
  td.append(span);
}

function ago(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 120) return seconds + ' s ago';
  if (seconds < 7200) return Math.round(seconds / 60) + ' min ago';
  if (seconds < 172800) return Math.round(seconds / 3600) + ' h ago';
  return Math.round(seconds / 86400) + ' days ago';
}

/** A bar of the camera's label shares, the empty class in its own pale colour, and the same in words below. */
function labelCell(row, camera) {
  const td = cell(row, 'labels', '');
  const bar = document.createElement('div');
  bar.className = 'shares';
  bar.setAttribute('role', 'img');
  const words = camera.labels.map((label) => label.label + ' ' + percent(label.share));
  bar.setAttribute('aria-label', words.join(', '));
  camera.labels.forEach((label, i) => {
    const segment = document.createElement('span');
    segment.className = i < SHOWN_LABELS ? 'share-' + i : 'share-other';
    segment.style.width = (label.share * 100) + '%';
    segment.title = label.label + ': ' + label.images.toLocaleString() + ' images';
    bar.append(segment);
  });
  td.append(bar);
  detail(td, words.slice(0, SHOWN_LABELS).join(' · ') + (words.length > SHOWN_LABELS ? ' · …' : ''));
}

function driftText(value) {
  return value === null ? '–' : value.toFixed(2);
}

function buildRow(camera, now) {
  const row = document.createElement('tr');
  row.dataset.cameraId = camera.camera_id;
  const silent = camera.last_seen !== null && now - Date.parse(camera.last_seen) > SILENT_MS;
  const drift = Math.max(camera.drift.labels ?? 0, camera.drift.confidence ?? 0);
  row.classList.toggle('silent', silent);
  row.classList.toggle('drifting', drift > DRIFT_HIGH);
  row.classList.toggle('rejecting', camera.dead_letters > 0);

  cell(row, 'camera-id', camera.camera_id);
  cell(row, 'number images', camera.images.toLocaleString());
  const empty = cell(row, 'number empty', camera.empty_share === null ? '–' : percent(camera.empty_share));
  if (camera.recent_empty_share !== null) {
    detail(empty, 'recently ' + percent(camera.recent_empty_share));
  }
  labelCell(row, camera);
  const lastSeen = cell(row, 'last-seen', camera.last_seen === null ? 'never' : ago(camera.last_seen));
  if (camera.last_seen !== null) {
    lastSeen.title = camera.last_seen;
  }
  const deadLetters = cell(row, 'number dead-letters', camera.dead_letters.toLocaleString());
  const reasons = Object.entries(camera.dead_letters_by_reason).map(([reason, count]) => reason + ' ' + count);
  if (reasons.length > 0) {
    detail(deadLetters, reasons.join(', '));
  }
  const driftCell = cell(row, 'number drift', driftText(camera.drift.labels));
  driftCell.title = 'labels ' + driftText(camera.drift.labels) + ', confidence ' + driftText(camera.drift.confidence);
  detail(driftCell, 'confidence ' + driftText(camera.drift.confidence));
  return row;
}

function showCameras(answer) {
  const now = Date.now();
  const built = answer.cameras.map((camera) => buildRow(camera, now));
  rows.replaceChildren(...built);
  table.hidden = built.length === 0;
  none.hidden = built.length > 0;
  document.getElementById('stat-cameras').textContent = built.length.toLocaleString();
  document.getElementById('stat-silent').textContent = built.filter((row) => row.classList.contains('silent')).length;
  document.getElementById('stat-drifting').textContent =
    built.filter((row) => row.classList.contains('drifting')).length;
  bound.textContent = 'Tracking at most ' + answer.max_cameras.toLocaleString() + ' cameras'
    + (answer.evicted > 0 ? '; ' + answer.evicted.toLocaleString() + ' silent ones were dropped to stay within it.' : '.');
}

async function refresh() {
  try {
    showCameras(await (await Trapstream.api('/api/v1/cameras', { cache: 'no-store' })).json());
    say('');
  } catch (e) {
    say('Cannot refresh the cameras: ' + e.message, true);
  }
}

Trapstream.start('/cameras').then(() => {
  refresh();
  setInterval(refresh, REFRESH_MS);
}).catch((error) => say(error.message, true));
