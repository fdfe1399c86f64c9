// What the live and models pages share: the token typed at the top (kept in this browser, the review page's
// too), the status line, and requests that carry the token. Loaded before each page's own script.
'use strict';

const TOKEN_KEY = 'trapstream.labelerToken';
const tokenInput = document.getElementById('token');
const statusLine = document.getElementById('status');

function say(message, problem) {
  statusLine.textContent = message;
  statusLine.classList.toggle('problem', Boolean(problem));
}

/** Headers with the token added: every API request needs a person's. */
function authorized(headers) {
  const token = tokenInput.value.trim();
  return token ? Object.assign({ Authorization: 'Bearer ' + token }, headers) : headers;
}

/** An <img> cannot send the token: the image is fetched with it and shown from a blob: URL, released once shown. */
async function showImage(img, path) {
  const response = await fetch(path, { headers: authorized({}) });
  if (!response.ok) {
    throw new Error(path + ' answered ' + response.status);
  }
  img.src = URL.createObjectURL(await response.blob());
  img.addEventListener('load', () => URL.revokeObjectURL(img.src), { once: true });
}

/** Fills the token field from this browser and calls `changed` whenever a person changes it. */
function keepToken(changed) {
  tokenInput.value = localStorage.getItem(TOKEN_KEY) || '';
  tokenInput.addEventListener('change', () => {
    localStorage.setItem(TOKEN_KEY, tokenInput.value.trim());
    changed();
  });
}
