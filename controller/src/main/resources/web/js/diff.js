// Field-by-field differences of two specs, as `stackd diff` prints them: "path: old -> new" (<none> when absent).

export function diff(before, after) {
  const lines = [];
  walk('', before, after, lines);
  return lines;
}

function walk(path, a, b, lines) {
  if (same(a, b)) return;
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(path ? `${path}.${k}` : k, a[k], b[k], lines);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(`${path}[${i}]`, a[i], b[i], lines);
  } else {
    lines.push({path: path || '<document>', before: show(a), after: show(b)});
  }
}

const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v);
// JSON.stringify depends on key order; two objects with the same fields in another order are the same spec
const same = (a, b) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const sorted = v => isObject(v) ? Object.fromEntries(Object.keys(v).sort().map(k => [k, sorted(v[k])]))
    : Array.isArray(v) ? v.map(sorted) : v;
const show = v => v === undefined ? '<none>' : JSON.stringify(v);
