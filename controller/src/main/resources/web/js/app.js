// The entry point: loads the dashboard (main.js and the modules it imports) and, when one of them fails to load,
// loads the page again rather than leaving it blank. Chromium aborts every load under way (ERR_NETWORK_CHANGED)
// when an address of the host changes, and Docker adds addresses as it makes networks and starts containers: a
// page opened while a stack comes up could lose one of its modules. A module that failed stays failed for the
// page's life (the browser's module map keeps the failure), so only a new load of the page tries it again.
// a stack coming up changes the host's addresses for a few seconds: tries over about 11 s (0.5, 1, 2, 4, 4)
const RETRIES = 5;
const KEY = 'stackd-load-retries';

function tries() {
  try {
    return Number(sessionStorage.getItem(KEY) ?? 0);
  } catch {
    return RETRIES; // no storage: no automatic retry (it could not be counted)
  }
}

function setTries(n) {
  try {
    if (n) sessionStorage.setItem(KEY, String(n));
    else sessionStorage.removeItem(KEY);
  } catch {
    // see tries()
  }
}

function failed(err) {
  const main = document.getElementById('app');
  const text = document.createElement('p');
  text.id = 'load-error';
  text.className = 'error';
  const n = tries();
  if (n < RETRIES) {
    setTries(n + 1);
    text.textContent = `The dashboard's files did not all load (${err.message}): loading the page again…`;
    main.replaceChildren(text);
    setTimeout(() => location.reload(), Math.min(4000, 500 * 2 ** n));
    return;
  }
  setTries(0);
  text.textContent = `The dashboard's files did not load, ${RETRIES + 1} times (${err.message}). Is stackd running?`;
  const again = document.createElement('button');
  again.type = 'button';
  again.id = 'load-retry';
  again.textContent = 'Load again';
  again.addEventListener('click', () => location.reload());
  main.replaceChildren(text, again);
}

import('./main.js').then(() => setTries(0), failed);
