// Scheduled jobs: every stack's jobs on one page (#/jobs), one job with its runs (#/stacks/NAME/jobs/JOB), and the
// rows of a stack's page. Live as the other pages: an event of a job re-reads the jobs, once per burst, and once
// more a moment later (a reconcile records a run's events before it stores the job's status); the next fire times
// are read again every 10 s besides. "Run now" asks for a run (POST .../jobs/JOB/run): the next reconcile starts
// it, whatever the schedule, concurrency or suspension.
import {api, ApiError} from './api.js';
import {h, ago, clock, debounce} from './dom.js';
import {Feed} from './feed.js';
import {watchEvents} from './watch.js';

const RESYNC_MS = 10000;
const FEED_SEED = 200;
const enc = encodeURIComponent;

/** How far ahead an ISO time is ("in 4s", "in 3m"), or "now". */
function until(iso) {
  const s = Math.round((Date.parse(iso) - Date.now()) / 1000);
  if (s <= 0) return 'due';
  if (s < 60) return `in ${s}s`;
  if (s < 3600) return `in ${Math.floor(s / 60)}m`;
  if (s < 86400) return `in ${Math.floor(s / 3600)}h`;
  return `in ${Math.floor(s / 86400)}d`;
}

const time = iso => (iso ? Date.parse(iso) : 0);

/** A job's kept runs, newest first (by fire time, then name: two runs asked for in one second differ by name). */
export function runsNewestFirst(job) {
  return [...(job.runs ?? [])].sort((a, b) => time(b.scheduledFor) - time(a.scheduledFor) || b.name.localeCompare(a.name));
}

/** A run's outcome in words, as the planner counts it: succeeded only when it exited with 0. */
export function outcome(run) {
  if (!run) return {text: 'never run', tone: 'unknown'};
  switch (run.state) {
    case 'running': case 'restarting': case 'paused': return {text: run.state, tone: 'busy'};
    case 'created': return {text: 'starting', tone: 'busy'};
    case 'exited': return run.exitCode === 0 ? {text: 'succeeded', tone: 'good'} : {text: `failed (exit ${run.exitCode})`, tone: 'bad'};
    case 'dead': return {text: `failed (dead, exit ${run.exitCode ?? '?'})`, tone: 'bad'};
    default: return {text: run.state ?? 'unknown', tone: 'unknown'};
  }
}

const badge = o => h('span', {class: `badge ${o.tone}`}, o.text);

/** The next fire time with how far ahead it is; why a due run waits, if it does. */
function nextCell(j) {
  return h('td', {class: 'next-run', title: j.nextFireTime ?? ''},
      j.nextFireTime ? `${clock(j.nextFireTime)} (${until(j.nextFireTime)})` : (j.suspended ? 'suspended' : '—'),
      j.waiting ? h('div', {class: 'muted waiting'}, j.waiting) : null);
}

function jobRow(j, stack, run, showStack) {
  const last = runsNewestFirst(j)[0];
  const when = last ? (last.finishedAt ?? last.scheduledFor) : null;
  return h('tr', {dataset: {stack, job: j.service}},
      showStack ? h('td', {class: 'stack'}, h('a', {href: `#/stacks/${enc(stack)}`}, stack),
          j.deleting ? h('span', {class: 'badge busy'}, 'deleting') : null) : null,
      h('td', {class: 'job'}, h('a', {class: 'job-link', href: `#/stacks/${enc(stack)}/jobs/${enc(j.service)}`}, j.service)),
      h('td', {class: 'schedule', title: `time zone ${j.timezone ?? ''}`}, h('code', {}, j.schedule),
          j.suspended ? h('span', {class: 'badge unknown'}, 'suspended') : null),
      h('td', {class: 'last-run', title: when ?? ''}, badge(outcome(last)), when ? ` ${ago(when)} ago` : null),
      nextCell(j),
      h('td', {class: 'num active'}, (j.active ?? []).length),
      h('td', {class: 'row-actions'}, h('button', {type: 'button', class: 'quiet run-now', dataset: {job: j.service},
        disabled: j.deleting, onclick: () => run(stack, j.service)}, 'Run now')));
}

function jobsTable(id, showStack, tbody) {
  return h('table', {id, class: 'grid'},
      h('thead', {}, h('tr', {}, showStack ? h('th', {}, 'Stack') : null, h('th', {}, 'Job'), h('th', {}, 'Schedule'),
          h('th', {}, 'Last run'), h('th', {}, 'Next run'), h('th', {}, 'Active'), h('th', {}, ''))),
      tbody);
}

/** Asks for a run now; says so, or the error, in `message`. */
async function runNow(stack, job, message, then) {
  try {
    await api.runJob(stack, job);
    message.replaceChildren(`run of ${job} asked for: the next reconcile starts it`);
    then();
  } catch (err) {
    message.replaceChildren(h('span', {class: 'error'}, err.message));
  }
}

/** Reads again at once (debounced) and once more a moment later; returns {now(), cancel()}. */
function rereader(load) {
  const soon = debounce(load, 250);
  const later = debounce(load, 1500);
  return {
    now() {
      soon();
      later();
    },
    cancel() {
      soon.cancel();
      later.cancel();
    },
  };
}

/** The newest event's seq: a watch from there sends only what happens from now on. */
async function lastSeq(stack) {
  const [e] = await api.events(stack, 1);
  return e ? e.seq : 0;
}

export function jobsPage(main) {
  let gone = false;
  let watch = null;
  let resync = null;
  let stacks = new Set(); // the stacks that have jobs: their events re-read the list
  const tbody = h('tbody');
  const message = h('p', {class: 'status-line', id: 'jobs-status', role: 'status'});
  const empty = h('p', {class: 'muted', id: 'no-jobs', hidden: true},
      'No scheduled jobs. A service whose x-stackd has a schedule is one (see docs/manifest.md).');
  main.append(h('section', {}, h('h1', {}, 'Jobs'), message, jobsTable('jobs', true, tbody), empty));

  const load = () => api.jobs().then(r => {
    if (gone) return;
    stacks = new Set(r.jobs.map(j => j.stack));
    tbody.replaceChildren(...r.jobs.map(j => jobRow(j, j.stack, run, true)));
    empty.hidden = r.jobs.length > 0;
  }, err => gone || message.replaceChildren(h('span', {class: 'error'}, err.message)));
  const reread = rereader(load);
  const run = (stack, job) => runNow(stack, job, message, reread.now);

  (async () => {
    await load();
    const since = await lastSeq(null);
    if (gone) return;
    watch = watchEvents({since, onEvent: e => {
      if (stacks.has(e.stack) || e.reason?.startsWith('Job')) reread.now();
    }});
    resync = setInterval(load, RESYNC_MS);
  })().catch(err => message.replaceChildren(h('span', {class: 'error'}, err.message)));

  return () => {
    gone = true;
    watch?.close();
    clearInterval(resync);
    reread.cancel();
  };
}

/** The Jobs section of a stack's page: hidden while the stack has none. Returns {el, refresh(), close()}. */
export function stackJobs(name, message) {
  const tbody = h('tbody');
  const el = h('section', {id: 'stack-jobs', hidden: true}, h('h2', {}, 'Jobs'), jobsTable('stack-job-rows', false, tbody));
  let gone = false;
  const load = () => api.stackJobs(name).then(r => {
    if (gone) return;
    tbody.replaceChildren(...r.jobs.map(j => jobRow(j, name, run, false)));
    el.hidden = r.jobs.length === 0;
  }, () => {}); // the stack's own reads say what is wrong
  const reread = rereader(load);
  const run = (stack, job) => runNow(stack, job, message, reread.now);
  load();
  return {
    el,
    refresh: reread.now,
    close() {
      gone = true;
      reread.cancel();
    },
  };
}

export function jobPage(main, stack, job) {
  let gone = false;
  let watch = null;
  let resync = null;
  const facts = h('tbody');
  const runs = h('tbody');
  const feed = new Feed({max: 1000});
  const message = h('p', {class: 'status-line', id: 'action-status', role: 'status'});
  const notice = h('p', {class: 'notice', id: 'job-notice', hidden: true});
  const runButton = h('button', {type: 'button', id: 'run-now', class: 'primary', onclick: () => run()}, 'Run now');

  main.append(
      h('div', {class: 'title-row'}, h('h1', {}, `Job ${job}`),
          h('div', {class: 'actions'}, h('a', {class: 'button', href: `#/stacks/${enc(stack)}`}, `Stack ${stack}`), runButton)),
      notice, message,
      h('section', {}, h('table', {id: 'job', class: 'grid facts'}, facts)),
      h('section', {}, h('h2', {}, 'Runs'), h('table', {id: 'runs', class: 'grid'},
          h('thead', {}, h('tr', {}, h('th', {}, 'Run'), h('th', {}, 'Trigger'), h('th', {}, 'Scheduled for'), h('th', {}, 'Outcome'),
              h('th', {}, 'Retries'), h('th', {}, 'Finished'))), runs),
          h('p', {class: 'muted'}, 'The run containers kept (x-stackd.history); older ones are removed.')),
      h('section', {}, h('h2', {}, 'Events'), feed.el));

  const fact = (label, ...value) => h('tr', {}, h('th', {}, label), h('td', {}, ...value));
  const at = iso => (iso ? h('span', {title: iso}, `${new Date(iso).toLocaleString()} (${ago(iso)} ago)`) : '—');

  const render = j => {
    facts.replaceChildren(...[
        fact('Schedule', h('code', {}, j.schedule), ` (time zone ${j.timezone ?? 'of the host'})`,
            j.suspended ? h('span', {class: 'badge unknown'}, 'suspended') : null),
        fact('Next run', j.nextFireTime ? `${new Date(j.nextFireTime).toLocaleString()} (${until(j.nextFireTime)})` : '—'),
        fact('Last scheduled', at(j.lastScheduleTime)),
        fact('Last success', at(j.lastSuccessfulTime)),
        fact('Active', (j.active ?? []).length ? (j.active ?? []).join(', ') : 'none'),
        fact('Skipped', String(j.skipped ?? 0)),
        j.waiting ? fact('Waiting', j.waiting) : null].filter(Boolean));
    const list = runsNewestFirst(j);
    runs.replaceChildren(...list.map(r => h('tr', {dataset: {run: r.name, trigger: r.trigger}},
        h('td', {class: 'id'}, r.name), h('td', {}, r.trigger), h('td', {title: r.scheduledFor ?? ''}, clock(r.scheduledFor)),
        h('td', {class: 'outcome'}, badge(outcome(r))), h('td', {class: 'num'}, r.restarts ?? 0),
        h('td', {title: r.finishedAt ?? ''}, r.finishedAt ? `${ago(r.finishedAt)} ago` : '—'))));
    if (!list.length) runs.replaceChildren(h('tr', {}, h('td', {colspan: 6, class: 'muted'}, 'no runs kept yet')));
  };

  const missing = text => {
    notice.hidden = false;
    notice.replaceChildren(text, ' ', h('a', {href: '#/jobs'}, 'All jobs'));
    runButton.disabled = true;
  };

  const load = () => api.stackJobs(stack).then(r => {
    if (gone) return;
    const j = r.jobs.find(x => x.service === job);
    if (!j) return missing(`Stack ${stack} has no job ${job} (any more).`);
    notice.hidden = true;
    runButton.disabled = false;
    render(j);
  }, err => {
    if (gone) return;
    if (err instanceof ApiError && err.status === 404) missing(`Stack ${stack} does not exist (any more).`);
    else message.replaceChildren(h('span', {class: 'error'}, err.message));
  });
  const reread = rereader(load);
  const run = () => runNow(stack, job, message, reread.now);

  (async () => {
    await load();
    const seed = await api.events(stack, FEED_SEED);
    if (gone) return;
    feed.addAll(seed.filter(e => e.service === job));
    watch = watchEvents({stack, since: seed.length ? seed[seed.length - 1].seq : 0, onEvent: e => {
      if (e.service !== job) return;
      feed.add(e);
      reread.now();
    }});
    resync = setInterval(load, RESYNC_MS);
  })().catch(err => message.replaceChildren(h('span', {class: 'error'}, err.message)));

  return () => {
    gone = true;
    watch?.close();
    clearInterval(resync);
    reread.cancel();
  };
}
