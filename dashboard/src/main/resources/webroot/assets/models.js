// The models page: the registry's versions, one version's metrics, confusion matrix, most confident mistakes and
// charts, and the operators' promote and roll back buttons (shown to operators only). Plain DOM code, no framework,
// no build.
'use strict';

const say = Trapstream.say;

const versionsBody = document.getElementById('versions');
const rollbackButton = document.getElementById('rollback');
const detail = document.getElementById('detail');
// The grid of mistakes is shown with their list, not among the other charts.
const MISCLASSIFIED_CHART = 'misclassified.png';

let selected = null;

async function requestJson(path, method = 'GET') {
  return (await Trapstream.api(path, { method, cache: 'no-store' })).json();
}

function score(value) {
  return typeof value === 'number' ? value.toFixed(3) : '–';
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) {
    td.className = className;
  }
  row.append(td);
  return td;
}

function versionRow(model) {
  const row = document.createElement('tr');
  row.dataset.version = model.version;
  row.classList.toggle('serving', model.serving);
  row.classList.toggle('selected', model.version === selected);

  const name = document.createElement('button');
  name.type = 'button';
  name.className = 'version-link';
  name.textContent = model.version;
  name.addEventListener('click', () => showVersion(model.version));
  cell(row, '').append(name);

  const status = cell(row, '');
  const chip = document.createElement('span');
  chip.className = 'status-chip ' + model.status;
  chip.textContent = model.serving ? 'serving' : model.status;
  status.append(chip);
  if (model.status_reason) {
    const reason = document.createElement('span');
    reason.className = 'reason';
    reason.textContent = model.status_reason;
    status.append(reason);
  }
  cell(row, new Date(model.created_at).toLocaleString());
  cell(row, score(model.metrics.accuracy), 'number');
  cell(row, score(model.metrics.macro_f1), 'number');
  cell(row, score((model.metrics.calibration || {}).ece_after), 'number');
  cell(row, model.labels.join(', '));
  const actions = cell(row, '');
  if (!model.serving && Trapstream.may('operator')) {
    const promote = document.createElement('button');
    promote.type = 'button';
    promote.className = 'promote';
    promote.textContent = 'Promote';
    promote.addEventListener('click', () => change('/api/v1/models/' + encodeURIComponent(model.version) + '/promote',
      'Promoting ' + model.version));
    actions.append(promote);
  }
  return row;
}

async function loadVersions() {
  const versions = await requestJson('/api/v1/models');
  versionsBody.replaceChildren(...versions.slice().reverse().map(versionRow));
  if (versions.length === 0) {
    say('The registry has no versions yet.');
  }
  return versions;
}

/** Promotes or rolls back, then shows the registry as it now is. */
async function change(path, doing) {
  for (const button of document.querySelectorAll('button.promote, #rollback')) {
    button.disabled = true;
  }
  say(doing + '…');
  try {
    const announcement = await requestJson(path, 'POST');
    await loadVersions();
    say(announcement.version + ' serves now; the classifiers were told.');
    if (selected) {
      await showVersion(selected);
    }
  } catch (error) {
    say(doing + ' failed: ' + error.message, true);
  } finally {
    rollbackButton.disabled = false;
    for (const button of document.querySelectorAll('button.promote')) {
      button.disabled = false;
    }
  }
}

function metric(list, name, value) {
  const entry = document.createElement('div');
  const dt = document.createElement('dt');
  dt.textContent = name;
  const dd = document.createElement('dd');
  dd.textContent = value;
  entry.append(dt, dd);
  list.append(entry);
}

/** The version's out-of-distribution check in a line: its score, and how it was fitted; '–' without one. */
function detector(ood) {
  if (!ood) {
    return '–';
  }
  const method = ood.method === 'mahalanobis'
    ? `Mahalanobis distance on ${ood.parameters.feature_width} features` : `${ood.method} (T = ${ood.temperature})`;
  const threshold = typeof ood.threshold === 'number' ? `above ${ood.threshold.toPrecision(4)}` : 'never flags';
  return `${method}, ${threshold}; flags ${(100 * ood.validation_fpr).toFixed(1)} % of `
    + `${ood.validation_images} validation images`;
}

/** Rows: the true labels; columns: the model's labels, then any other label it was scored against. */
function showConfusion(table, labels, confusion) {
  const truths = Object.keys(confusion || {});
  const columns = [...labels];
  for (const truth of truths) {
    for (const predicted of Object.keys(confusion[truth])) {
      if (!columns.includes(predicted)) {
        columns.push(predicted);
      }
    }
  }
  const head = document.createElement('tr');
  head.append(document.createElement('th'));
  for (const column of columns) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column;
    head.append(th);
  }
  const rows = truths.map((truth) => {
    const row = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = truth;
    row.append(th);
    for (const column of columns) {
      cell(row, String(confusion[truth][column] || 0), column === truth ? 'diagonal' : '');
    }
    return row;
  });
  table.replaceChildren(...(truths.length ? [head, ...rows] : []));
}

function showChart(container, version, chart) {
  const figure = document.createElement('figure');
  const img = document.createElement('img');
  img.alt = chart.replace('.png', '').replaceAll('-', ' ') + ' of ' + version;
  const caption = document.createElement('figcaption');
  caption.textContent = img.alt;
  figure.append(img, caption);
  container.append(figure);
  img.addEventListener('error', () => {
    caption.textContent += ' (not available)';
  }, { once: true });
  img.src = '/api/v1/models/' + encodeURIComponent(version) + '/charts/' + encodeURIComponent(chart);
}

/** The mistakes the version's metrics list; nothing for a version saved before they were kept. */
function showMisclassified(model) {
  const mistakes = model.metrics.misclassified;
  const section = document.getElementById('misclassified-section');
  section.hidden = !Array.isArray(mistakes);
  if (section.hidden) {
    return;
  }
  document.getElementById('no-mistakes').hidden = mistakes.length > 0;
  document.getElementById('misclassified').hidden = mistakes.length === 0;
  const grid = document.getElementById('misclassified-grid');
  grid.replaceChildren();
  if (model.charts.includes(MISCLASSIFIED_CHART)) {
    showChart(grid, model.version, MISCLASSIFIED_CHART);
  }
  document.getElementById('misclassified-rows').replaceChildren(...mistakes.map((mistake) => {
    const row = document.createElement('tr');
    cell(row, mistake.source, 'source');
    cell(row, mistake.truth, 'truth');
    cell(row, mistake.predicted, 'predicted');
    cell(row, (100 * mistake.confidence).toFixed(1) + '%', 'number');
    return row;
  }));
}

async function showVersion(version) {
  selected = version;
  for (const row of versionsBody.querySelectorAll('tr')) {
    row.classList.toggle('selected', row.dataset.version === version);
  }
  try {
    const model = await requestJson('/api/v1/models/' + encodeURIComponent(version));
    detail.hidden = false;
    document.getElementById('detail-title').textContent = 'Version ' + model.version
      + (model.parent_version ? ' (from ' + model.parent_version + ')' : '');
    document.getElementById('detail-status').textContent = (model.serving ? 'Serving' : model.status)
      + (model.status_reason ? ': ' + model.status_reason : '');
    const metrics = document.getElementById('detail-metrics');
    metrics.replaceChildren();
    const calibration = model.metrics.calibration || {};
    metric(metrics, 'Accuracy', score(model.metrics.accuracy));
    metric(metrics, 'Macro F1', score(model.metrics.macro_f1));
    metric(metrics, 'Evaluation images', model.metrics.images ?? '–');
    metric(metrics, 'Temperature', score(model.temperature));
    metric(metrics, 'ECE before calibration', score(calibration.ece_before));
    metric(metrics, 'ECE after calibration', score(calibration.ece_after));
    metric(metrics, 'Out-of-distribution detector', detector(model.metrics.ood));
    showConfusion(document.getElementById('confusion'), model.labels, model.metrics.confusion);
    showMisclassified(model);
    const charts = document.getElementById('charts');
    charts.replaceChildren();
    const others = model.charts.filter((chart) => chart !== MISCLASSIFIED_CHART);
    document.getElementById('no-charts').hidden = others.length > 0;
    others.forEach((chart) => showChart(charts, model.version, chart));
  } catch (error) {
    say('Version ' + version + ': ' + error.message, true);
  }
}

function refresh() {
  loadVersions().catch((error) => say('Models: ' + error.message, true));
}

rollbackButton.addEventListener('click', () => change('/api/v1/models/rollback', 'Rolling back'));
Trapstream.start('/models').then(() => {
  rollbackButton.hidden = !Trapstream.may('operator');
  refresh();
}).catch((error) => say(error.message, true));
