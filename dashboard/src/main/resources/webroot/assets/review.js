'use strict';

/*
 * The review page: one item at a time, leased to this person by the server (POST /api/v1/review/next), answered
 * with a key press. 1-9 pick a label (the model's top-k first, then known labels), e marks the frame empty,
 * s skips it, u takes back the last answer. Several species with counts go through "Add species" and Send.
 * An item whose frame belongs to a known event shows its burst: a strip of the frames, the current one large,
 * arrow keys to step through them; a label answers the whole burst (the event's feedback route) and undo takes
 * it back from every frame.
 */
(() => {
  const EMPTY_LABEL = 'empty';
  const MAX_CHOICES = 9;
  const IMAGE_SIZE = 1280;
  const STRIP_SIZE = 160;
  const REASONS = {
    low_confidence: 'low confidence', low_margin: 'low margin', out_of_distribution: 'out of distribution',
    new_camera: 'new camera', qa_sample: 'quality sample', no_model: 'no model yet',
  };
  const $ = id => document.getElementById(id);
  const say = Trapstream.say;
  let item = null;
  let knownLabels = [];
  let choices = [];
  /** The frames of the item's burst in capture order ({image_id, captured_at}), and the one shown large. */
  let frames = [];
  let frameIndex = 0;
  let pendingSpecies = [];
  /** Requests run one after another, in the order asked; keys are ignored while one is under way. */
  let queue = Promise.resolve();
  let pending = 0;

  function filterQuery() {
    const query = new URLSearchParams();
    for (const element of $('filters').elements) {
      if (element.name && element.value.trim() !== '') {
        query.set(element.name, element.value.trim());
      }
    }
    return query.toString();
  }

  async function loadLabels() {
    knownLabels = await (await Trapstream.api('/api/v1/labels')).json();
    const list = $('known-labels');
    list.replaceChildren(...knownLabels.map(label => Object.assign(document.createElement('option'), { value: label })));
  }

  /** Asks the server for the next item (which lets the one held go) and shows it. */
  async function next() {
    const answer = await (await Trapstream.api('/api/v1/review/next?' + filterQuery(), { method: 'POST' })).json();
    show(answer.item, answer.waiting);
  }

  function show(shown, waiting) {
    item = shown;
    pendingSpecies = [];
    renderSpecies();
    if (waiting !== undefined) {
      $('waiting').textContent = waiting.toLocaleString();
    }
    $('item').hidden = item === null;
    $('empty-queue').hidden = item !== null;
    resetView();
    if (item === null) {
      $('photo').removeAttribute('src');
      $('photo').alt = '';
      return;
    }
    $('frame').dataset.imageId = item.image_id;
    $('item-camera').textContent = item.camera_id;
    $('item-model').textContent = item.model_version || '–';
    $('item-reasons').textContent = (item.reasons || []).map(reason => REASONS[reason] || reason).join(', ');
    const event = item.event;
    frames = event ? event.frames : [{ image_id: item.image_id, captured_at: item.captured_at }];
    $('item-burst').hidden = !event;
    if (event) {
      $('item-burst').textContent = 'A burst of ' + frames.length + ' frames, answered as one · event guess '
        + event.label + ' ' + Math.round(event.confidence * 100) + '% · ← → step through';
    }
    $('burst-strip').hidden = !event;
    $('burst-strip').replaceChildren(...(event ? frames : []).map((frame, index) => {
      const thumbnail = Object.assign(document.createElement('img'), {
        src: '/api/v1/images/' + frame.image_id + '/thumbnail?size=' + STRIP_SIZE,
        alt: 'Frame ' + (index + 1) + ' of ' + frames.length,
      });
      const button = Object.assign(document.createElement('button'), { type: 'button', className: 'strip-frame' });
      button.append(thumbnail);
      button.addEventListener('click', () => showFrame(index));
      const entry = document.createElement('li');
      entry.append(button);
      return entry;
    }));
    showFrame(Math.max(0, frames.findIndex(frame => frame.image_id === item.image_id)));
    const topK = item.top_k || [];
    $('item-guess').textContent = topK.length === 0 ? 'No model yet — label it to train the first one'
      : item.label + ' · ' + Math.round(item.confidence * 100) + '%';
    const guessed = topK.map(score => ({ label: score.label, confidence: score.confidence }));
    const others = knownLabels.filter(label => label !== EMPTY_LABEL && !guessed.some(g => g.label === label))
      .map(label => ({ label, confidence: null }));
    choices = guessed.concat(others).slice(0, MAX_CHOICES);
    $('choices').replaceChildren(...choices.map((choice, index) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'choice';
      button.dataset.label = choice.label;
      const name = document.createElement('span');
      name.append(Object.assign(document.createElement('kbd'), { textContent: String(index + 1) }), ' ' + choice.label);
      const confidence = Object.assign(document.createElement('span'), {
        className: 'confidence',
        textContent: choice.confidence === null ? '' : Math.round(choice.confidence * 100) + '%',
      });
      button.append(name, confidence);
      button.addEventListener('click', () => answerWith(choice.label));
      const entry = document.createElement('li');
      entry.append(button);
      return entry;
    }));
  }

  /** Shows one frame of the burst large and marks it on the strip. */
  function showFrame(index) {
    frameIndex = index;
    const frame = frames[index];
    $('photo').src = '/api/v1/images/' + frame.image_id + '/thumbnail?size=' + IMAGE_SIZE;
    $('photo').alt = 'Camera-trap frame from ' + item.camera_id;
    $('frame').dataset.frameId = frame.image_id;
    $('item-captured').textContent = frame.captured_at || 'no capture time';
    [...$('burst-strip').children].forEach((entry, at) => {
      entry.classList.toggle('current', at === index);
      entry.firstChild.setAttribute('aria-current', String(at === index));
    });
  }

  function stepFrame(step) {
    const index = frameIndex + step;
    if (item !== null && index >= 0 && index < frames.length) {
      showFrame(index);
    }
  }

  /**
   * Sends the answer: the label alone, or with its count and the species added before it. A burst takes one
   * label for all its frames; several species or a count go to the leased frame alone.
   */
  async function answerWith(label) {
    if (item === null || pending > 0) {
      return;
    }
    const count = Number($('count-input').value) || 1;
    const species = pendingSpecies.concat(label ? [{ label, count }] : []);
    if (species.length === 0) {
      say('Pick or type a label first', true);
      return;
    }
    const single = species.length === 1 && species[0].count === 1;
    const body = single ? { image_id: item.image_id, label: species[0].label } : { image_id: item.image_id, species };
    const burst = single && item.event;
    await act(async () => {
      if (burst) {
        await Trapstream.api('/api/v1/events/' + item.event.event_id + '/feedback',
          { method: 'POST', body: { label: species[0].label } });
      } else {
        await Trapstream.api('/api/v1/review/answer', { method: 'POST', body });
      }
      say('Sent ' + species.map(s => s.count > 1 ? s.count + ' × ' + s.label : s.label).join(', ')
        + (burst ? ' for ' + frames.length + ' frames' : '') + ' — u takes it back');
      $('label-input').value = '';
      $('count-input').value = '1';
      await next();
    });
  }

  async function skip() {
    if (item === null || pending > 0) {
      return;
    }
    await act(async () => {
      await Trapstream.api('/api/v1/review/skip', { method: 'POST', body: { image_id: item.image_id } });
      say('Skipped');
      await next();
    });
  }

  async function undo() {
    if (pending > 0) {
      return;
    }
    await act(async () => {
      const answer = await (await Trapstream.api('/api/v1/review/undo', { method: 'POST' })).json();
      const taken = answer.retracted_image_ids.length;
      say('Took back ' + (answer.retracted.label || 'the answer') + (taken > 1 ? ' from ' + taken + ' frames' : '')
        + '; answer it again');
      show(answer.item, answer.waiting);
    });
  }

  /** Queues work after what is under way; a refusal is shown, and a lost lease moves on to the next item. */
  function act(work) {
    setPending(pending + 1);
    queue = queue.then(work).catch(async error => {
      say(error.message, true);
      if (error.code === 'lease_not_held') {
        await next().catch(() => {});
      }
    }).finally(() => setPending(pending - 1));
    return queue;
  }

  /** Also on the page (data-busy), for assistive tools and tests that wait for it to settle. */
  function setPending(count) {
    pending = count;
    document.body.dataset.busy = String(pending > 0);
  }

  function addSpecies() {
    const label = $('label-input').value.trim();
    if (label === '') {
      return;
    }
    pendingSpecies.push({ label, count: Number($('count-input').value) || 1 });
    $('label-input').value = '';
    $('count-input').value = '1';
    renderSpecies();
  }

  function renderSpecies() {
    $('species').replaceChildren(...pendingSpecies.map(s =>
      Object.assign(document.createElement('li'), { textContent: s.count + ' × ' + s.label })));
  }

  function resetView() {
    $('zoom').value = '1';
    $('brightness').value = '1';
    applyView();
  }

  function applyView() {
    const zoom = Number($('zoom').value);
    $('photo').style.transform = zoom === 1 ? '' : 'scale(' + zoom + ')';
    $('photo').style.filter = 'brightness(' + $('brightness').value + ')';
  }

  function onKey(event) {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (typing || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key >= '1' && event.key <= '9') {
      const choice = choices[Number(event.key) - 1];
      if (choice) {
        event.preventDefault();
        answerWith(choice.label);
      }
    } else if (event.key === 'e') {
      event.preventDefault();
      answerWith(EMPTY_LABEL);
    } else if (event.key === 's') {
      event.preventDefault();
      skip();
    } else if (event.key === 'u') {
      event.preventDefault();
      undo();
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      stepFrame(event.key === 'ArrowLeft' ? -1 : 1);
    }
  }

  async function start() {
    await Trapstream.start('/review');
    if (!Trapstream.may('labeler')) {
      say('Answering needs a labeler; you can look but not label', true);
    }
    $('filters').addEventListener('submit', event => {
      event.preventDefault();
      act(next);
    });
    $('new-label').addEventListener('submit', event => {
      event.preventDefault();
      answerWith($('label-input').value.trim());
    });
    $('add-species').addEventListener('click', addSpecies);
    $('answer-empty').addEventListener('click', () => answerWith(EMPTY_LABEL));
    $('skip').addEventListener('click', skip);
    $('undo').addEventListener('click', undo);
    $('zoom').addEventListener('input', applyView);
    $('brightness').addEventListener('input', applyView);
    $('reset-view').addEventListener('click', resetView);
    // Zoom goes towards where the pointer is, so a corner of the frame can be looked at closely.
    $('frame').addEventListener('mousemove', event => {
      const box = $('frame').getBoundingClientRect();
      $('photo').style.setProperty('--zoom-x', ((event.clientX - box.left) / box.width * 100) + '%');
      $('photo').style.setProperty('--zoom-y', ((event.clientY - box.top) / box.height * 100) + '%');
    });
    document.addEventListener('keydown', onKey);
    setPending(pending + 1);
    try {
      await loadLabels();
      await act(next);
    } finally {
      setPending(pending - 1);
    }
  }

  start().catch(error => say(error.message, true));
})();
