// A service's logs, following: GET .../logs?follow=true as an EventSource (`event: log`, one line each, the
// replicas merged in time order by the server). At most MAX lines stay in the page; the view keeps to the newest
// line unless the reader scrolled up.
import {api, ApiError} from './api.js';
import {h, clock} from './dom.js';

const MAX = 2000;

export function logsPage(main, name, service) {
  let source = null;
  let closed = false;
  const lines = h('ol', {id: 'logs', class: 'logs'});
  const state = h('p', {id: 'logs-status', class: 'status-line', role: 'status'}, 'connecting…');
  main.append(
      h('div', {class: 'title-row'}, h('h1', {}, `Logs of ${service}`),
          h('a', {class: 'button', href: `#/stacks/${encodeURIComponent(name)}`}, `Stack ${name}`)),
      state, lines);

  const add = entry => {
    const atBottom = lines.scrollHeight - lines.scrollTop - lines.clientHeight < 40;
    lines.append(h('li', {class: entry.stream === 'stderr' ? 'stderr' : 'stdout'},
        h('time', {datetime: entry.time ?? '', title: entry.time ?? ''}, clock(entry.time)),
        h('span', {class: 'container'}, entry.container ?? ''),
        h('span', {class: 'line'}, entry.line ?? '')));
    while (lines.childElementCount > MAX) lines.firstElementChild.remove();
    if (atBottom) lines.scrollTop = lines.scrollHeight;
  };

  const follow = () => {
    source = new EventSource(api.logsUrl(name, service, true));
    source.onopen = () => state.replaceChildren('following');
    source.addEventListener('log', m => add(JSON.parse(m.data)));
    source.onerror = () => {
      if (closed) return;
      if (source.readyState !== EventSource.CLOSED) {
        state.replaceChildren('reconnecting…');
        return;
      }
      // the server refused the stream: the same request without follow says why
      api.logs(name, service).then(() => state.replaceChildren('the stream ended'),
          err => state.replaceChildren(h('span', {class: 'error'}, err instanceof ApiError ? err.message : String(err))));
    };
  };
  follow();
  return () => {
    closed = true;
    source?.close();
  };
}
