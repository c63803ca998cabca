// The only thing a browser without a session sees: the token, typed once, traded for a session cookie. The token is
// not kept by the page (the cookie is HttpOnly: no script, this one included, can read it).
import {api, ApiError} from './api.js';
import {h} from './dom.js';

export function signIn(main, signedIn) {
  const token = h('input', {id: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false',
    placeholder: 'the content of <data-dir>/token'});
  const error = h('p', {id: 'sign-in-error', class: 'error', role: 'alert', hidden: true});
  const form = h('form', {id: 'sign-in-form', class: 'sign-in', onsubmit: async e => {
    e.preventDefault();
    error.hidden = true;
    const value = token.value.trim();
    token.value = '';
    try {
      await api.signIn(value);
      signedIn();
    } catch (err) {
      error.hidden = false;
      error.replaceChildren(err instanceof ApiError && err.status === 401 ? 'That token is not the one of this stackd.'
          : `Cannot sign in: ${err.message}`);
      token.focus();
    }
  }},
  h('h1', {}, 'Sign in to stackd'),
  h('p', {class: 'muted'}, 'The API token is in ', h('code', {}, '<data-dir>/token'),
      ' (', h('code', {}, '~/.local/share/stackd/token'), ', or ', h('code', {}, '/var/lib/stackd/token'), ' as root).'),
  h('label', {class: 'field'}, 'Token ', token),
  h('button', {type: 'submit', id: 'sign-in', class: 'primary'}, 'Sign in'),
  error);
  main.append(form);
  token.focus();
  return () => {};
}
