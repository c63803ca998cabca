// The dashboard's only way to the server: the same HTTP API as the CLI (docs/api.md). Signed in by the session
// cookie, which the browser adds by itself; a change also carries the Origin header the browser sets.

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error ?? `the server answered ${status}`);
    this.status = status;
    this.details = body?.details ?? [];
  }
}

let signedOut = () => {};

/** What to do when the server says the session is gone (expired, signed out elsewhere, stackd restarted). */
export function whenSignedOut(fn) {
  signedOut = fn;
}

export function signalSignedOut() {
  signedOut();
}

async function request(method, path, {body, contentType, headers} = {}) {
  const all = {...headers};
  if (contentType) all['Content-Type'] = contentType;
  const res = await fetch(path, {method, body, headers: all, credentials: 'same-origin', cache: 'no-store'});
  if (!res.ok) {
    let parsed = null;
    try {
      parsed = await res.json();
    } catch {
      // not JSON: the status alone says it
    }
    if (res.status === 401 && !(method === 'POST' && path === '/api/v1/session')) signedOut();
    throw new ApiError(res.status, parsed);
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') ?? '';
  return type.includes('json') ? res.json() : res.text();
}

const enc = encodeURIComponent;
const stackPath = name => `/api/v1/stacks/${enc(name)}`;

export const api = {
  session: () => request('GET', '/api/v1/session'),
  signIn: token => request('POST', '/api/v1/session', {headers: {Authorization: `Bearer ${token}`}}),
  signOut: () => request('DELETE', '/api/v1/session'),
  stacks: () => request('GET', '/api/v1/stacks'),
  stack: name => request('GET', stackPath(name)),
  compose: name => request('GET', `${stackPath(name)}/compose`),
  plan: name => request('GET', `${stackPath(name)}/plan`),
  /** The newest `tail` events (oldest first), of one stack or all. */
  events: (stack, tail) => {
    const q = new URLSearchParams({tail: String(tail)});
    if (stack) q.set('stack', stack);
    return request('GET', `/api/v1/events?${q}`);
  },
  dryRun: (name, yaml) => request('PUT', `${stackPath(name)}?dryRun=true`, {body: yaml, contentType: 'application/yaml'}),
  /** `generation`: the one the edit started from (0 for a new stack), so a concurrent change is a 409, not lost. */
  apply: (name, yaml, generation) => request('PUT', stackPath(name),
      {body: yaml, contentType: 'application/yaml', headers: {'If-Match': String(generation)}}),
  restart: (name, service) => request('POST', `${stackPath(name)}/services/${enc(service)}/restart`),
  /** Every stack's jobs, each with its `stack`. */
  jobs: () => request('GET', '/api/v1/jobs'),
  stackJobs: name => request('GET', `${stackPath(name)}/jobs`),
  runJob: (name, job) => request('POST', `${stackPath(name)}/jobs/${enc(job)}/run`),
  remove: (name, volumes) => request('DELETE', `${stackPath(name)}?volumes=${volumes ? 'true' : 'false'}`),
  logsUrl: (name, service, follow) => `${stackPath(name)}/logs?${new URLSearchParams(
      {service, tail: '100', follow: String(follow), timestamps: 'true'})}`,
  logs: (name, service) => request('GET', api.logsUrl(name, service, false)),
};
