'use strict';

(() => {
  const form = document.getElementById('sign-in-form');
  const status = document.getElementById('sign-in-status');
  const name = document.getElementById('name');
  const secret = document.getElementById('secret');

  /** Only a path on this server: never send a person elsewhere after they signed in. */
  function next() {
    const target = new URLSearchParams(location.search).get('next');
    return target && target.startsWith('/') && !target.startsWith('//') ? target : '/review';
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    status.textContent = 'Signing in…';
    status.classList.remove('problem');
    const response = await fetch('/api/v1/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: name.value.trim(), secret: secret.value }),
    }).catch(() => null);
    if (response && response.status === 201) {
      location.assign(next());
      return;
    }
    const problem = response ? await response.json().catch(() => ({})) : {};
    status.textContent = response
      ? (problem.detail || response.statusText) + ' (' + response.status + ')'
      : 'The server cannot be reached';
    status.classList.add('problem');
    secret.select();
  });
})();
