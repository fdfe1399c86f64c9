'use strict';

/*
 * The shell every page shares: who is signed in, the navigation bar, and api(), the one way a page talks to the
 * server. A request that changes something carries the session's CSRF token; a 401 sends the person to sign in
 * and back here afterwards.
 */
const Trapstream = (() => {
  const PAGES = [['/live', 'Live'], ['/review', 'Review'], ['/models', 'Models'], ['/cameras', 'Cameras']];
  let session = null;

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message + ' (' + status + ')');
      this.status = status;
      this.code = code;
    }
  }

  function signIn() {
    location.assign('/sign-in?next=' + encodeURIComponent(location.pathname + location.search));
  }

  /** fetch() for this server's API: JSON bodies in, the response out; refusals as ApiError. */
  async function api(path, options = {}) {
    const method = (options.method || 'GET').toUpperCase();
    const headers = new Headers(options.headers || {});
    let body = options.body;
    if (body !== undefined && typeof body !== 'string') {
      body = JSON.stringify(body);
      headers.set('Content-Type', 'application/json');
    }
    if (method !== 'GET' && method !== 'HEAD' && session && session.csrf_token) {
      headers.set('X-CSRF-Token', session.csrf_token);
    }
    const response = await fetch(path, { ...options, method, headers, body, credentials: 'same-origin' });
    if (response.status === 401) {
      signIn();
    }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new ApiError(response.status, problem.code || 'error', problem.detail || response.statusText);
    }
    return response;
  }

  function navigation(current) {
    const nav = document.createElement('nav');
    nav.className = 'site-nav';
    nav.setAttribute('aria-label', 'Pages');
    const brand = document.createElement('span');
    brand.className = 'site-brand';
    brand.textContent = 'Trapstream';
    nav.append(brand);
    for (const [path, title] of PAGES) {
      const link = document.createElement('a');
      link.href = path;
      link.textContent = title;
      if (path === current) {
        link.setAttribute('aria-current', 'page');
      }
      nav.append(link);
    }
    const person = document.createElement('span');
    person.className = 'site-person';
    person.id = 'signed-in-person';
    person.textContent = session.name + ' · ' + session.role;
    const signOut = document.createElement('button');
    signOut.type = 'button';
    signOut.id = 'sign-out';
    signOut.textContent = 'Sign out';
    signOut.addEventListener('click', async () => {
      await api('/api/v1/session', { method: 'DELETE' }).catch(() => {});
      location.assign('/sign-in');
    });
    nav.append(person, signOut);
    return nav;
  }

  /** Finds out who is signed in (or sends them to sign in) and puts the navigation bar at the top of the page. */
  async function start(current) {
    session = await (await api('/api/v1/session')).json();
    document.body.prepend(navigation(current));
    return session;
  }

  /** Puts {@code text} on the page's status line (#status), marked as a problem or not. */
  function say(text, problem = false) {
    const line = document.getElementById('status');
    line.textContent = text;
    line.classList.toggle('problem', problem);
  }

  /** Whether the signed-in person's role includes {@code role}. */
  function may(role) {
    const order = ['viewer', 'labeler', 'operator'];
    return session !== null && order.indexOf(session.role) >= order.indexOf(role);
  }

  return { api, start, may, say, ApiError };
})();
