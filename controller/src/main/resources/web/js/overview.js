// Every stack with its conditions, services ready of total and last event; kept live by the event watch: an event
// of a stack re-reads that stack (one request per burst), a stack that is gone leaves the table.
import {api, ApiError} from './api.js';
import {h, ago, conditionBadge, debounce, eachLimited} from './dom.js';
import {Feed} from './feed.js';
import {Live} from './watch.js';

const FEED_SEED = 1000;
/** Status changes that no event marks (a healthcheck passing) are read again this often. */
const RESYNC_MS = 10000;

export function overview(main) {
  const rows = new Map(); // stack name -> {row, last event}
  const lastEvents = new Map();
  const refreshers = new Map();
  const tbody = h('tbody');
  const empty = h('p', {class: 'muted', id: 'no-stacks', hidden: true}, 'No stacks yet. ', h('a', {href: '#/apply'}, 'Apply one.'));
  const feed = new Feed({max: 1000, showStack: true});
  const live = new Live(() => refreshers.forEach(r => r.cancel()));

  main.append(
      h('section', {},
          h('h1', {}, 'Stacks'),
          h('table', {id: 'stacks', class: 'grid'},
              h('thead', {}, h('tr', {},
                  h('th', {}, 'Stack'), h('th', {}, 'Ready'), h('th', {}, 'Progressing'), h('th', {}, 'Degraded'),
                  h('th', {}, 'Services ready'), h('th', {}, 'Generation'), h('th', {}, 'Last event'))),
              tbody),
          empty),
      h('section', {}, h('h2', {}, 'Events'), feed.el));

  const condition = (stack, type) => (stack.status?.conditions ?? []).find(c => c.type === type)?.status ?? 'Unknown';

  const lastEventCell = name => {
    const e = lastEvents.get(name);
    if (!e) return h('td', {class: 'last-event muted'}, '—');
    return h('td', {class: `last-event ${e.type === 'Warning' ? 'warning' : ''}`, title: e.message ?? ''},
        h('span', {class: 'reason'}, e.reason), ' ', e.object ?? '', ' ', h('span', {class: 'muted'}, `${ago(e.time)} ago`));
  };

  const render = stack => {
    const s = stack.summary ?? {};
    const row = h('tr', {dataset: {stack: stack.name}},
        h('td', {}, h('a', {class: 'stack-link', href: `#/stacks/${encodeURIComponent(stack.name)}`}, stack.name),
            stack.deleting ? h('span', {class: 'badge busy'}, 'deleting') : null),
        h('td', {class: 'ready'}, conditionBadge('Ready', stack.status ? condition(stack, 'Ready') : s.ready)),
        h('td', {class: 'progressing'}, conditionBadge('Progressing', condition(stack, 'Progressing'))),
        h('td', {class: 'degraded'}, conditionBadge('Degraded', condition(stack, 'Degraded'))),
        h('td', {class: 'services num'}, `${s.servicesReady ?? 0}/${s.servicesTotal ?? 0}`),
        h('td', {class: 'num', title: 'observed / desired'}, `${stack.observedGeneration ?? 0}/${stack.generation}`),
        lastEventCell(stack.name));
    const old = rows.get(stack.name);
    if (old) old.replaceWith(row);
    else insertSorted(row, stack.name);
    rows.set(stack.name, row);
    empty.hidden = rows.size > 0;
  };

  const insertSorted = (row, name) => {
    const after = [...tbody.children].find(r => r.dataset.stack > name);
    tbody.insertBefore(row, after ?? null);
  };

  const drop = name => {
    rows.get(name)?.remove();
    rows.delete(name);
    empty.hidden = rows.size > 0;
  };

  const refresh = name => {
    if (!refreshers.has(name)) {
      refreshers.set(name, debounce(() => api.stack(name).then(s => live.gone || render(s), err => {
        if (err instanceof ApiError && err.status === 404) drop(name);
      }), 250));
    }
    refreshers.get(name)();
  };

  const loadAll = async () => {
    const stacks = await api.stacks();
    if (live.gone) return;
    const names = new Set(stacks.map(s => s.name));
    for (const name of [...rows.keys()]) if (!names.has(name)) drop(name);
    stacks.forEach(render);
    empty.hidden = rows.size > 0;
    return stacks;
  };

  (async () => {
    const stacks = await loadAll();
    const seed = await api.events(null, FEED_SEED);
    if (live.gone) return;
    feed.addAll(seed);
    for (const e of seed) lastEvents.set(e.stack, e);
    // stacks quiet for the last 1000 events: their own newest one
    await eachLimited(stacks.filter(s => !lastEvents.has(s.name)).map(s => s.name), 4, async name => {
      const [e] = await api.events(name, 1);
      if (e && !lastEvents.has(name)) lastEvents.set(name, e);
    });
    if (live.gone) return;
    for (const s of stacks) if (rows.has(s.name)) rows.get(s.name).lastElementChild.replaceWith(lastEventCell(s.name));
    const since = seed.length ? seed[seed.length - 1].seq : 0;
    live.watch({since, onEvent: e => {
      feed.add(e);
      lastEvents.set(e.stack, e);
      refresh(e.stack);
    }});
    live.every(RESYNC_MS, () => loadAll().catch(() => {}));
  })().catch(err => main.append(h('p', {class: 'error'}, err.message)));

  return () => live.close();
}
