// The live part of every page: GET /api/v1/events?watch=true as an EventSource (it sends the session cookie).
// When the stream breaks or the server ends it (a watcher that fell behind gets `overflow`), the browser connects
// again by itself with Last-Event-ID, and the server resumes after the last event this page saw: none is lost.
import {api, signalSignedOut} from './api.js';

/** Follows the events after `since` (of one stack, or all); returns {close()}. */
export function watchEvents({stack, since, onEvent}) {
  let source = null;
  let closed = false;
  let last = since;
  let retry = null;

  const open = () => {
    const q = new URLSearchParams({watch: 'true', since: String(last)});
    if (stack) q.set('stack', stack);
    source = new EventSource(`/api/v1/events?${q}`);
    source.onmessage = m => {
      const e = JSON.parse(m.data);
      if (e.seq <= last) return;
      last = e.seq;
      onEvent(e);
    };
    source.onerror = () => {
      // CONNECTING: the browser retries by itself. CLOSED: the server refused (a 401 when the session ended)
      if (closed || source.readyState !== EventSource.CLOSED) return;
      api.session().then(() => {
        if (!closed) retry = setTimeout(open, 2000);
      }, () => signalSignedOut());
    };
  };
  open();
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      source?.close();
    },
  };
}

/**
 * What a live page holds open: its event watch, its resync timer and its pending re-reads (`cancels`). `gone` turns
 * true when the page is left, so answers that arrive later are dropped; close() stops all of it, and a watch or
 * timer asked for after that (an answer that was on its way) is not opened.
 */
export class Live {
  gone = false;
  #watch = null;
  #timer = null;
  #cancels;

  constructor(...cancels) {
    this.#cancels = cancels;
  }

  /** Follows the events, as watchEvents(options). */
  watch(options) {
    if (!this.gone) this.#watch = watchEvents(options);
  }

  /** Runs fn every ms (status changes that no event marks). */
  every(ms, fn) {
    if (!this.gone) this.#timer = setInterval(fn, ms);
  }

  close() {
    this.gone = true;
    this.#watch?.close();
    clearInterval(this.#timer);
    for (const cancel of this.#cancels) cancel();
  }
}
