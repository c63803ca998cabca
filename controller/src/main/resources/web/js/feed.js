// The events feed: newest first, at most `max` rows in the page however long it runs (a windowed list: older
// rows leave the DOM). A repeat that the store folds into an earlier event moves that event to a new seq with
// a higher count: its row moves to the top instead of appearing twice.
import {h, clock} from './dom.js';

export class Feed {
  constructor({max = 1000, showStack = false} = {}) {
    this.max = max;
    this.showStack = showStack;
    this.rows = new Map(); // fold key -> row
    this.el = h('ol', {class: 'feed', id: 'events'});
  }

  static key(e) {
    return `${e.stack}\u0000${e.object}\u0000${e.reason}\u0000${e.firstTime}`;
  }

  /** Adds events oldest first (as the API lists them). */
  addAll(events) {
    for (const e of events) this.add(e);
  }

  add(e) {
    const key = Feed.key(e);
    this.rows.get(key)?.remove();
    const row = h('li', {class: e.type === 'Warning' ? 'warning' : 'normal', dataset: {seq: e.seq, reason: e.reason}},
        h('time', {datetime: e.time, title: e.time}, clock(e.time)),
        this.showStack ? h('a', {class: 'stack', href: `#/stacks/${encodeURIComponent(e.stack)}`}, e.stack) : null,
        h('span', {class: 'reason'}, e.reason),
        h('span', {class: 'object'}, e.object ?? ''),
        h('span', {class: 'message'}, e.message ?? ''),
        e.count > 1 ? h('span', {class: 'count', title: `${e.count} times since ${e.firstTime}`}, `×${e.count}`) : null);
    row.feedKey = key;
    this.rows.set(key, row);
    this.el.prepend(row);
    while (this.el.childElementCount > this.max) {
      const old = this.el.lastElementChild;
      this.rows.delete(old.feedKey);
      old.remove();
    }
  }
}
