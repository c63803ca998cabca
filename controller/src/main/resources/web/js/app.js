// The dashboard: hash routes over one page. Without a session it shows the sign-in form and nothing else.
//   #/                             every stack, live
//   #/stacks/NAME                  one stack, live
//   #/stacks/NAME/edit, #/apply    the editor: validate, review, apply
//   #/stacks/NAME/logs/SERVICE     a service's logs, following
//   #/jobs                         every stack's scheduled jobs, live
//   #/stacks/NAME/jobs/JOB         one job: its runs, live
import {api, whenSignedOut} from './api.js';
import {overview} from './overview.js';
import {stackPage} from './stack.js';
import {applyPage} from './apply.js';
import {logsPage} from './logs.js';
import {jobsPage, jobPage} from './jobs.js';
import {signIn} from './signin.js';

const main = document.getElementById('app');
const top = document.getElementById('top');
let leave = () => {};
let signedIn = false;

function show(view) {
  leave(); // closes the streams of the page left: the browser has six connections to this server
  main.replaceChildren();
  leave = view(main) ?? (() => {});
}

function route() {
  if (!signedIn) return;
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'stacks' && parts[1]) {
    if (parts[2] === 'edit') return show(m => applyPage(m, parts[1]));
    if (parts[2] === 'logs' && parts[3]) return show(m => logsPage(m, parts[1], parts[3]));
    if (parts[2] === 'jobs' && parts[3]) return show(m => jobPage(m, parts[1], parts[3]));
    return show(m => stackPage(m, parts[1]));
  }
  if (parts[0] === 'apply') return show(m => applyPage(m, null));
  if (parts[0] === 'jobs') return show(jobsPage);
  return show(overview);
}

function signedOut() {
  signedIn = false;
  top.hidden = true;
  show(m => signIn(m, () => {
    signedIn = true;
    top.hidden = false;
    route();
  }));
}

whenSignedOut(() => {
  if (signedIn) signedOut();
});
window.addEventListener('hashchange', route);
document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await api.signOut();
  } finally {
    signedOut();
  }
});

api.session().then(() => {
  signedIn = true;
  top.hidden = false;
  route();
}, () => signedOut());
