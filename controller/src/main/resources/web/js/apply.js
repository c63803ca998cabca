// Apply from the browser: a compose file in an editor; Validate asks for a dry run (PUT ?dryRun=true, which stores
// nothing) and shows each error at its line, or the change field by field and the plan; only then can the same
// text be applied (PUT with If-Match, so a change made meanwhile by someone else is refused, not overwritten).
import {api, ApiError} from './api.js';
import {h} from './dom.js';
import {diff} from './diff.js';

const STARTER = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
`;

export function applyPage(main, existing) {
  let gone = false;
  let validated = null; // the text the last successful dry run was for
  let generation = 0;
  let storedSpec = null;
  let errorLines = new Map();

  const name = h('input', {id: 'stack-name', type: 'text', required: true, spellcheck: 'false', autocomplete: 'off',
    placeholder: 'stack name', value: existing ?? '', disabled: existing != null});
  const editor = h('textarea', {id: 'compose', spellcheck: 'false', autocomplete: 'off', wrap: 'off',
    'aria-label': 'compose file'});
  const gutter = h('div', {class: 'gutter', 'aria-hidden': 'true'});
  const validate = h('button', {type: 'button', id: 'validate', onclick: () => runValidate()}, 'Validate');
  const apply = h('button', {type: 'button', id: 'apply', class: 'primary', disabled: true, onclick: () => runApply()}, 'Apply');
  const status = h('p', {id: 'apply-status', role: 'status', class: 'status-line'});
  const errors = h('ol', {id: 'errors', class: 'errors'});
  const changes = h('ul', {id: 'diff', class: 'diff'});
  const plan = h('pre', {id: 'plan-preview', class: 'plan', hidden: true});

  main.append(
      h('h1', {}, existing ? `Edit ${existing}` : 'Apply a stack'),
      h('label', {class: 'field'}, 'Name ', name),
      h('div', {class: 'editor'}, gutter, editor),
      h('div', {class: 'actions'}, validate, apply),
      status, errors,
      h('section', {}, h('h2', {}, 'Changes'), changes),
      h('section', {}, h('h2', {}, 'Plan'), plan));

  const lineCount = () => editor.value.split('\n').length;
  const renderGutter = () => {
    const n = lineCount();
    if (gutter.childElementCount !== n || errorLines.size) {
      gutter.replaceChildren(...Array.from({length: n}, (_, i) => {
        const problem = errorLines.get(i + 1);
        return h('div', {class: problem ? 'bad' : null, title: problem ?? null, dataset: {line: i + 1}}, i + 1);
      }));
    }
    gutter.scrollTop = editor.scrollTop;
  };

  const invalidate = () => {
    if (validated !== null && editor.value !== validated) {
      apply.disabled = true;
      status.replaceChildren('changed since the last validation: validate again');
    }
    renderGutter();
  };
  editor.addEventListener('input', invalidate);
  editor.addEventListener('scroll', () => { gutter.scrollTop = editor.scrollTop; });
  name.addEventListener('input', () => { apply.disabled = true; validated = null; });
  editor.addEventListener('keydown', e => {
    if (e.key !== 'Tab' || e.shiftKey) return;
    e.preventDefault(); // indentation, not leaving the editor: YAML wants spaces
    editor.setRangeText('  ', editor.selectionStart, editor.selectionEnd, 'end');
    invalidate();
  });

  const goToLine = line => {
    const lines = editor.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    editor.focus();
    editor.setSelectionRange(start, start + (lines[line - 1] ?? '').length);
  };

  const showErrors = err => {
    errorLines = new Map();
    const details = err.details ?? [];
    for (const d of details) if (d.line) errorLines.set(d.line, `${d.path}: ${d.message}`);
    errors.replaceChildren(...details.map(d => h('li', {dataset: {line: d.line ?? ''}},
        d.line ? h('a', {href: '#', class: 'line', onclick: e => { e.preventDefault(); goToLine(d.line); }},
            `line ${d.line}${d.column ? `:${d.column}` : ''}`) : null,
        ' ', h('code', {}, d.path ?? ''), ' ', d.message)));
    status.replaceChildren(h('span', {class: 'error'}, err.message));
    renderGutter();
  };

  const clearResults = () => {
    errorLines = new Map();
    errors.replaceChildren();
    changes.replaceChildren();
    plan.hidden = true;
    renderGutter();
  };

  async function runValidate() {
    const stack = name.value.trim();
    const text = editor.value;
    clearResults();
    if (!stack) {
      status.replaceChildren(h('span', {class: 'error'}, 'a stack needs a name'));
      return;
    }
    status.replaceChildren('validating…');
    validate.disabled = true;
    try {
      const [answer, stored] = await Promise.all([api.dryRun(stack, text), existingStack(stack)]);
      if (gone) return;
      storedSpec = stored?.spec ?? null;
      generation = stored?.generation ?? 0;
      const lines = stored ? diff(storedSpec, answer.spec) : null;
      changes.replaceChildren(...(lines == null ? [h('li', {}, `stack ${stack} does not exist yet: applying creates it`)]
          : lines.length === 0 ? [h('li', {}, 'no changes')]
          : lines.map(l => h('li', {}, h('code', {}, l.path), ': ', h('del', {}, l.before), ' → ', h('ins', {}, l.after)))));
      plan.hidden = false;
      plan.replaceChildren(answer.plan);
      validated = text;
      apply.disabled = false;
      status.replaceChildren(`valid: ${Object.keys(answer.spec?.services ?? {}).length} services; review the changes and the plan, then apply`);
    } catch (err) {
      if (err instanceof ApiError) showErrors(err);
      else status.replaceChildren(h('span', {class: 'error'}, err.message));
    } finally {
      validate.disabled = false;
    }
  }

  async function existingStack(stack) {
    try {
      return await api.stack(stack);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }
  }

  async function runApply() {
    const stack = name.value.trim();
    if (editor.value !== validated) return;
    apply.disabled = true;
    status.replaceChildren('applying…');
    try {
      const result = await api.apply(stack, validated, generation);
      status.replaceChildren(`${result.created ? 'created' : result.changed ? 'updated' : 'unchanged'}: generation ${result.generation}`);
      location.hash = `#/stacks/${encodeURIComponent(stack)}`;
    } catch (err) {
      if (err instanceof ApiError) showErrors(err);
      else status.replaceChildren(h('span', {class: 'error'}, err.message));
    }
  }

  (async () => {
    if (existing) {
      try {
        const [text, stored] = await Promise.all([api.compose(existing), api.stack(existing)]);
        if (gone) return;
        editor.value = text;
        generation = stored.generation;
      } catch (err) {
        status.replaceChildren(h('span', {class: 'error'}, err.message));
      }
    } else {
      editor.value = STARTER;
    }
    renderGutter();
  })();

  return () => { gone = true; };
}
