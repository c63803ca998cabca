// One stack: conditions, services, containers, the next plan, the spec as applied, and its events as they
// happen. An event of the stack re-reads its status and plan (one request each per burst).
import {api, ApiError} from './api.js';
import {h, ago, clock, conditionBadge, debounce} from './dom.js';
import {Feed} from './feed.js';
import {watchEvents} from './watch.js';
import {confirm} from './confirm.js';
import {stackJobs} from './jobs.js';

const FEED_SEED = 200;
const RESYNC_MS = 10000;

export function stackPage(main, name) {
  let gone = false;
  let watch = null;
  let resync = null;
  let current = null;
  let specGeneration = null;
  const feed = new Feed({max: 1000});
  const title = h('h1', {}, name);
  const meta = h('p', {class: 'muted', id: 'stack-meta'});
  const notice = h('p', {class: 'notice', id: 'stack-notice', hidden: true});
  const conditions = h('tbody');
  const services = h('tbody');
  const containers = h('tbody');
  const plan = h('pre', {id: 'plan', class: 'plan'}, 'reading the plan…');
  const spec = h('pre', {id: 'spec', class: 'spec'}, 'reading the spec…');
  const message = h('p', {class: 'status-line', id: 'action-status', role: 'status'});
  const deleteButton = h('button', {type: 'button', id: 'delete', class: 'danger', onclick: () => remove()}, 'Delete…');
  const jobs = stackJobs(name, message);

  main.append(
      h('div', {class: 'title-row'}, title,
          h('div', {class: 'actions'},
              h('a', {class: 'button', id: 'edit', href: `#/stacks/${encodeURIComponent(name)}/edit`}, 'Edit and apply'),
              deleteButton)),
      meta, notice, message,
      h('section', {}, h('h2', {}, 'Conditions'), h('table', {id: 'conditions', class: 'grid'},
          h('thead', {}, h('tr', {}, h('th', {}, 'Type'), h('th', {}, 'Status'), h('th', {}, 'Reason'), h('th', {}, 'Message'),
              h('th', {}, 'Since'))), conditions)),
      h('section', {}, h('h2', {}, 'Services'), h('table', {id: 'services', class: 'grid'},
          h('thead', {}, h('tr', {}, h('th', {}, 'Service'), h('th', {}, 'Desired'), h('th', {}, 'Running'), h('th', {}, 'Healthy'),
              h('th', {}, 'Ready'), h('th', {}, 'Restarts'), h('th', {}, 'Last exit'), h('th', {}, 'Backoff until'), h('th', {}, ''))),
          services)),
      jobs.el,
      h('section', {}, h('h2', {}, 'Containers'), h('table', {id: 'containers', class: 'grid'},
          h('thead', {}, h('tr', {}, h('th', {}, 'Container'), h('th', {}, 'Service'), h('th', {}, 'State'), h('th', {}, 'Health'),
              h('th', {}, 'Restarts'), h('th', {}, 'Exit'), h('th', {}, 'ID'))), containers)),
      h('div', {class: 'columns'},
          h('section', {}, h('h2', {}, 'Next plan'), plan),
          h('section', {}, h('h2', {}, 'Events'), feed.el)),
      h('section', {}, h('h2', {}, 'Spec as applied'), spec));

  const render = stack => {
    current = stack;
    const status = stack.status;
    meta.replaceChildren(h('span', {}, `generation ${stack.generation}, observed ${stack.observedGeneration ?? 0}`,
        status?.observedAt ? `, status of ${clock(status.observedAt)}` : null,
        stack.deleting ? h('span', {class: 'badge busy'}, 'deleting') : null));
    conditions.replaceChildren(...(status?.conditions ?? []).map(c => h('tr', {dataset: {type: c.type}},
        h('td', {}, c.type), h('td', {class: 'status'}, conditionBadge(c.type, c.status)), h('td', {class: 'reason'}, c.reason ?? ''),
        h('td', {class: 'message'}, c.message ?? ''), h('td', {title: c.lastTransitionTime}, `${ago(c.lastTransitionTime)} ago`))));
    if (!status) conditions.replaceChildren(h('tr', {}, h('td', {colspan: 5, class: 'muted'}, 'not reconciled yet')));
    services.replaceChildren(...(status?.services ?? []).map(s => h('tr', {dataset: {service: s.name}},
        h('td', {}, s.name), h('td', {class: 'num'}, s.desired), h('td', {class: 'num'}, s.running), h('td', {class: 'num'}, s.healthy),
        h('td', {class: 'num'}, s.ready ?? ''), h('td', {class: 'num'}, s.restarts), h('td', {class: 'num'}, s.lastExitCode ?? '—'),
        h('td', {title: s.backoffUntil ?? ''}, s.backoffUntil ? clock(s.backoffUntil) : '—'),
        h('td', {class: 'row-actions'},
            h('a', {class: 'logs-link', dataset: {service: s.name},
              href: `#/stacks/${encodeURIComponent(name)}/logs/${encodeURIComponent(s.name)}`}, 'logs'),
            h('button', {type: 'button', class: 'quiet restart', dataset: {service: s.name}, disabled: stack.deleting,
              onclick: () => restart(s.name)}, 'restart')))));
    containers.replaceChildren(...(status?.containers ?? []).map(c => h('tr', {dataset: {container: c.name}},
        h('td', {}, c.name), h('td', {}, c.service), h('td', {class: `state ${c.state}`}, c.state),
        h('td', {class: `health ${c.health}`}, c.health), h('td', {class: 'num'}, c.restartCount), h('td', {class: 'num'}, c.exitCode ?? '—'),
        h('td', {class: 'id', title: c.id}, (c.id ?? '').slice(0, 12)))));
    deleteButton.disabled = stack.deleting;
    if (specGeneration !== stack.generation) {
      specGeneration = stack.generation;
      api.compose(name).then(text => spec.replaceChildren(text), err => spec.replaceChildren(err.message));
    }
  };

  const gonePage = () => {
    notice.hidden = false;
    notice.replaceChildren(`Stack ${name} does not exist (any more). `, h('a', {href: '#/'}, 'All stacks'));
    deleteButton.disabled = true;
  };

  const readStack = () => api.stack(name).then(s => gone || render(s), err => {
    if (err instanceof ApiError && err.status === 404) gonePage();
    else message.replaceChildren(err.message);
  });
  const readPlan = () => api.plan(name).then(p => gone || plan.replaceChildren(p.plan),
      err => gone || plan.replaceChildren(err.status === 404 ? '—' : `no plan: ${err.message}`));
  const refresh = debounce(() => {
    readStack();
    readPlan();
  }, 250);

  async function restart(service) {
    const ok = await confirm({title: `Restart ${service}?`, text: `The containers of service ${service} of stack ${name} are restarted one by one.`,
      action: `Restart ${service}`});
    if (!ok) return;
    try {
      await api.restart(name, service);
      message.replaceChildren(`restart of ${service} requested`);
    } catch (err) {
      message.replaceChildren(h('span', {class: 'error'}, err.message));
    }
  }

  async function remove() {
    const volumes = Object.keys(current?.spec?.volumes ?? {});
    const answer = await confirm({
      title: `Delete stack ${name}?`,
      text: `Stack ${name} is deleted: its containers and networks are removed.`,
      action: `Delete ${name}`,
      option: volumes.length ? `Also remove its named volumes (${volumes.join(', ')})` : null,
      consequence: withVolumes => volumes.length === 0 ? 'It has no named volumes.'
          : withVolumes ? `Its named volumes ${volumes.join(', ')} are removed too: their data is lost.`
          : `Its named volumes ${volumes.join(', ')} are kept, with their data.`,
    });
    if (!answer) return;
    try {
      await api.remove(name, answer.option);
      message.replaceChildren(`deletion of ${name} requested${answer.option ? ', volumes too' : ', volumes kept'}`);
      refresh();
    } catch (err) {
      message.replaceChildren(h('span', {class: 'error'}, err.message));
    }
  }

  (async () => {
    await readStack();
    readPlan();
    const seed = await api.events(name, FEED_SEED);
    if (gone) return;
    feed.addAll(seed);
    watch = watchEvents({stack: name, since: seed.length ? seed[seed.length - 1].seq : 0, onEvent: e => {
      feed.add(e);
      refresh();
      if (e.reason?.startsWith('Job')) jobs.refresh();
    }});
    resync = setInterval(readStack, RESYNC_MS);
  })().catch(err => message.replaceChildren(h('span', {class: 'error'}, err.message)));

  return () => {
    gone = true;
    watch?.close();
    clearInterval(resync);
    refresh.cancel();
    jobs.close();
  };
}
