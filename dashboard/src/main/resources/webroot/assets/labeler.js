// The labeler page: shows the open review items and sends labels back. Plain DOM code, no framework, no build.
'use strict';

const REFRESH_MS = 4000;
const REVIEW_LIMIT = 60;
const TOKEN_KEY = 'trapstream.labelerToken';

const queue = document.getElementById('queue');
const emptyNote = document.getElementById('empty');
const statusLine = document.getElementById('status');
const tokenInput = document.getElementById('token');
const knownLabels = document.getElementById('known-labels');
const cardTemplate = document.getElementById('card-template');

/** Cards on the page by image id: refreshes add and drop cards, never rebuild one a labeler may be typing in. */
const cards = new Map();

function percent(confidence) {
  return (confidence * 100).toFixed(1) + '%';
}

function shortId(imageId) {
  return imageId.slice(0, 12);
}

function say(message, problem) {
  statusLine.textContent = message;
  statusLine.classList.toggle('problem', Boolean(problem));
}

/** Every API request carries the token: reads need a viewer, labels a labeler. */
function authorized(headers) {
  const token = tokenInput.value.trim();
  return token ? Object.assign({ Authorization: 'Bearer ' + token }, headers) : headers;
}

async function getJson(path) {
  const response = await fetch(path, { headers: authorized({ Accept: 'application/json' }), cache: 'no-store' });
  if (response.status === 401 || response.status === 403) {
    throw new Error(tokenInput.value.trim()
      ? 'your token was not accepted (' + response.status + '): check it at the top of the page'
      : 'enter your token at the top of the page');
  }
  if (!response.ok) {
    throw new Error(path + ' answered ' + response.status);
  }
  return response.json();
}

/**
 * An <img> cannot send an Authorization header, so the image is fetched with one and shown from a blob: URL,
 * released once the card is gone.
 */
async function loadImage(img, imageId) {
  const response = await fetch('api/v1/images/' + encodeURIComponent(imageId), { headers: authorized({}) });
  if (!response.ok) {
    throw new Error('image ' + shortId(imageId) + ' answered ' + response.status);
  }
  img.src = URL.createObjectURL(await response.blob());
  img.addEventListener('load', () => URL.revokeObjectURL(img.src), { once: true });
}

function buildCard(item) {
  const card = cardTemplate.content.firstElementChild.cloneNode(true);
  card.dataset.imageId = item.image_id;

  const img = card.querySelector('.thumb');
  img.alt = 'Camera trap image ' + shortId(item.image_id) + ' from camera ' + item.camera_id;
  const showMissing = () => {
    // Not in this dashboard's image store (yet): say so instead of showing a broken-image icon.
    const missing = document.createElement('div');
    missing.className = 'thumb missing';
    missing.setAttribute('role', 'img');
    missing.setAttribute('aria-label', img.alt + ' (not available)');
    missing.textContent = 'Image not available';
    img.replaceWith(missing);
  };
  img.addEventListener('error', showMissing, { once: true });
  loadImage(img, item.image_id).catch(showMissing);

  showGuess(card, item);

  const form = card.querySelector('.label-form');
  const input = card.querySelector('.label-input');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitLabel(card, input.value);
  });
  return card;
}

/**
 * Fills in what the model said; a cold-start item (no model served yet) has no label, so the card asks for one.
 * Called again when the model's guess arrives for a card on the page, leaving the label input as it is.
 */
function showGuess(card, item) {
  const noModel = item.label === null;
  card.dataset.modelVersion = item.model_version || '';
  card.classList.toggle('no-model', noModel);

  const when = item.captured_at ? ' · captured ' + new Date(item.captured_at).toLocaleString() : '';
  const model = noModel ? '' : ' · model ' + item.model_version;
  card.querySelector('.meta').textContent =
    'Camera ' + item.camera_id + when + model + ' · image ' + shortId(item.image_id);

  card.querySelector('.predicted-label').textContent =
    noModel ? 'No model yet — label it to train the first one' : item.label;
  card.querySelector('.predicted-confidence').textContent = noModel ? '' : percent(item.confidence);
  card.querySelector('.custom-caption').textContent = noModel ? 'Label' : 'Other label';

  card.querySelector('.reasons').replaceChildren(...item.reasons.map((reason) => {
    const chip = document.createElement('li');
    chip.textContent = reason.replaceAll('_', ' ');
    return chip;
  }));

  card.querySelector('.quick').hidden = item.top_k.length === 0;
  const buttons = card.querySelector('.quick-buttons');
  buttons.replaceChildren();
  for (const score of item.top_k) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'quick-label';
    button.dataset.label = score.label;
    button.setAttribute('aria-label', 'Label as ' + score.label + ' (model: ' + percent(score.confidence) + ')');
    button.append(score.label);
    const share = document.createElement('span');
    share.className = 'score';
    share.textContent = percent(score.confidence);
    button.append(share);
    button.addEventListener('click', () => submitLabel(card, score.label));
    buttons.append(button);
  }
}

async function submitLabel(card, rawLabel) {
  const error = card.querySelector('.error');
  const label = rawLabel.trim();
  const token = tokenInput.value.trim();
  if (!token) {
    error.textContent = 'Enter your token at the top of the page first.';
    tokenInput.focus();
    return;
  }
  if (!label) {
    error.textContent = 'Type a label or click one of the suggestions.';
    return;
  }
  const imageId = card.dataset.imageId;
  setBusy(card, true);
  error.textContent = '';
  try {
    const response = await fetch('api/v1/feedback', {
      method: 'POST',
      headers: authorized({ 'Content-Type': 'application/json' }),
      body: JSON.stringify({ image_id: imageId, label: label }),
    });
    if (response.status === 202) {
      removeCard(imageId);
      say('Labelled ' + shortId(imageId) + ' as “' + label + '”.');
      refreshStats();
      return;
    }
    const body = await response.json().catch(() => ({}));
    error.textContent = response.status === 401
      ? 'Your token was not accepted (401): check it at the top of the page.'
      : response.status === 403
      ? 'Your token is not a labeler\'s (403): ask for a labeler token.'
      : (body.detail || 'The server answered ' + response.status) + ' (' + response.status + ')';
  } catch (e) {
    error.textContent = 'Could not reach the server: ' + e.message;
  } finally {
    setBusy(card, false);
  }
}

function setBusy(card, busy) {
  card.classList.toggle('busy', busy);
  card.setAttribute('aria-busy', String(busy));
  for (const control of card.querySelectorAll('button, input')) {
    control.disabled = busy;
  }
}

function removeCard(imageId) {
  const card = cards.get(imageId);
  if (card) {
    card.remove();
    cards.delete(imageId);
  }
  emptyNote.hidden = cards.size > 0;
}

function showQueue(items) {
  const open = new Set(items.map((item) => item.image_id));
  for (const [imageId, card] of cards) {
    if (!open.has(imageId) && card.getAttribute('aria-busy') !== 'true') {
      removeCard(imageId);
    }
  }
  // Newest first: walk the list and put each card in its place, building only the new ones.
  let previous = null;
  for (const item of items) {
    let card = cards.get(item.image_id);
    if (!card) {
      card = buildCard(item);
      cards.set(item.image_id, card);
    } else if (card.dataset.modelVersion !== (item.model_version || '') && card.getAttribute('aria-busy') !== 'true') {
      showGuess(card, item);
    }
    const expectedPosition = previous ? previous.nextElementSibling : queue.firstElementChild;
    if (card !== expectedPosition) {
      queue.insertBefore(card, expectedPosition);
    }
    previous = card;
  }
  emptyNote.hidden = cards.size > 0;
}

function showLabels(labels) {
  knownLabels.replaceChildren(...labels.map((label) => {
    const option = document.createElement('option');
    option.value = label;
    return option;
  }));
}

async function refreshStats() {
  const stats = await getJson('api/v1/stats');
  document.getElementById('stat-open').textContent = stats.open_review_items.toLocaleString();
  document.getElementById('stat-predictions').textContent = stats.predictions_seen.toLocaleString();
  document.getElementById('stat-rejections').textContent = stats.rejections_seen.toLocaleString();
}

async function refresh() {
  try {
    const [items, labels] = await Promise.all([
      getJson('api/v1/review?limit=' + REVIEW_LIMIT),
      getJson('api/v1/labels'),
      refreshStats(),
    ]);
    showQueue(items);
    showLabels(labels);
    if (statusLine.classList.contains('problem')) {
      say('');
    }
  } catch (e) {
    say('Cannot refresh the review queue: ' + e.message, true);
  }
}

tokenInput.value = localStorage.getItem(TOKEN_KEY) || '';
tokenInput.addEventListener('input', () => localStorage.setItem(TOKEN_KEY, tokenInput.value.trim()));
// A new token may see what the old one could not: show it at once rather than at the next refresh.
tokenInput.addEventListener('change', refresh);

refresh();
setInterval(refresh, REFRESH_MS);
