// Building the page from data without innerHTML: every value lands as text, so an event message or a compose
// file can never become markup or script (the Content-Security-Policy allows only this server's scripts anyway).

/** An element: h('td', {class: 'x', onclick: f}, 'text', child, [more]). Null and false children are skipped. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

/** How long ago an ISO time was, in the largest unit that fits ("4s", "3m", "2h", "5d"). */
export function ago(iso) {
  if (!iso) return '';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** A local clock time, with seconds. */
export function clock(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleTimeString([], {hour12: false});
}

/** A condition's status as a badge: True, False or Unknown, coloured by whether that is good for its type. */
export function conditionBadge(type, status) {
  const good = type === 'Degraded' ? status === 'False' : type === 'Progressing' ? status === 'False' : status === 'True';
  const tone = status === 'Unknown' || status == null ? 'unknown' : good ? 'good' : type === 'Progressing' ? 'busy' : 'bad';
  return h('span', {class: `badge ${tone}`, title: `${type}: ${status ?? 'Unknown'}`}, status ?? 'Unknown');
}

/** Runs fn at most once per `ms`, after the last call (a burst of events makes one request). */
export function debounce(fn, ms) {
  let timer = null;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}

/** Runs an async job on each item, at most `limit` at a time (the browser has six connections to this server). */
export async function eachLimited(items, limit, job) {
  const queue = [...items];
  const workers = Array.from({length: Math.min(limit, queue.length)}, async () => {
    while (queue.length) await job(queue.shift());
  });
  await Promise.all(workers);
}
