// Re-linting after edits reuses parsed documents and findings; the result must equal a fresh lint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintTexts } from '../../src/core/lint/index';
import { LintEngine } from '../../src/node/lint-engine';
import { FIXTURES } from './helpers';

const dir = join(FIXTURES, 'workspaces', 'lint', 'k8s');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => ({ path: `k8s/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
const big = files.map((f) => f.text.trimEnd()).join('\n---\n') + '\n';

function strip(list: ReturnType<typeof lintTexts>) {
  return list.map((f) => ({ file: f.file, start: f.start, end: f.end, code: f.code, message: f.message, fixes: JSON.stringify(f.fixes ?? []) }));
}

// A fixed-seed generator: the same edits on every run.
function rng(seed: number) {
  return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
}

const EDITS: Array<(t: string, r: () => number) => string> = [
  (t, r) => { const i = Math.floor(r() * t.length); return t.slice(0, i) + 'x' + t.slice(i); },
  (t, r) => { const i = Math.floor(r() * t.length); return t.slice(0, i) + t.slice(i + 1); },
  (t, r) => { const lines = t.split('\n'); const i = Math.floor(r() * lines.length); lines.splice(i, 0, lines[Math.floor(r() * lines.length)]); return lines.join('\n'); },
  (t, r) => { const lines = t.split('\n'); lines.splice(Math.floor(r() * lines.length), 1); return lines.join('\n'); },
  (t, r) => { const i = t.indexOf('\n---\n', Math.floor(r() * t.length)); return i < 0 ? t : t.slice(0, i) + '\n' + t.slice(i + 5); },
  (t, r) => { const i = t.indexOf('\n', Math.floor(r() * t.length)); return i < 0 ? t : t.slice(0, i) + '\n---\nkind: ConfigMap' + t.slice(i); },
  (t, r) => { const i = t.indexOf('\n---\n', Math.floor(r() * t.length)); return i < 0 ? t : t.slice(0, i) + '\n---x\n' + t.slice(i + 5); },
  (t, r) => { const i = t.indexOf('\n---', Math.floor(r() * t.length)); return i < 0 ? t : t.slice(0, i) + ' ' + t.slice(i + 1); },
  (t) => t.replace('duration: 90d', 'duration: 2160h'),
  (t) => t.replace('- payments.production.svc\n', '- payments.production.svc\n    - payments.production\n'),
];

test('300 random edits: incremental re-lint equals a fresh lint every time', () => {
  const r = rng(42);
  const engine = new LintEngine();
  let text = big;
  engine.update([{ path: 'all.yaml', text }]);
  assert.deepEqual(strip(engine.lint()), strip(lintTexts([{ path: 'all.yaml', text }])));
  for (let n = 0; n < 300; n++) {
    text = EDITS[Math.floor(r() * EDITS.length)](text, r);
    engine.update([{ path: 'all.yaml', text }]);
    const incremental = strip(engine.lint());
    const fresh = strip(lintTexts([{ path: 'all.yaml', text }]));
    assert.deepEqual(incremental, fresh, `edit ${n} diverged`);
  }
});

test('duplicate documents and moved blocks stay consistent', () => {
  const engine = new LintEngine();
  const doc = files[1].text.trimEnd();
  let text = [doc, doc, doc].join('\n---\n') + '\n';
  engine.update([{ path: 'dup.yaml', text }]);
  engine.lint();
  text = [doc, 'kind: ConfigMap', doc, doc].join('\n---\n') + '\n';
  engine.update([{ path: 'dup.yaml', text }]);
  assert.deepEqual(strip(engine.lint()), strip(lintTexts([{ path: 'dup.yaml', text }])));
  text = [doc, doc].join('\n---\n') + '\n';
  engine.update([{ path: 'dup.yaml', text }]);
  assert.deepEqual(strip(engine.lint()), strip(lintTexts([{ path: 'dup.yaml', text }])));
});
