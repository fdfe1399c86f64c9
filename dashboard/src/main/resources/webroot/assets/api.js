// What the dashboard's pages share: the person's token, kept in this browser, the status line, and JSON reads of
// the API with that token. A plain script loaded before each page's own; no framework, no build.
'use strict';

const TOKEN_KEY = 'trapstream.labelerToken';

const statusLine = document.getElementById('status');
const tokenInput = document.getElementById('token');

function percent(share) {
  return (share * 100).toFixed(1) + '%';
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

/** Fills the token field from this browser, keeps what is typed there, and calls {@code refresh} on a new one. */
function keepToken(refresh) {
  tokenInput.value = localStorage.getItem(TOKEN_KEY) || '';
  tokenInput.addEventListener('input', () => localStorage.setItem(TOKEN_KEY, tokenInput.value.trim()));
  // A new token may see what the old one could not: show it at once rather than at the next refresh.
  tokenInput.addEventListener('change', refresh);
}
