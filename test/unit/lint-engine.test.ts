// The lint worker's engine keeps texts in step with the editor from contentChanges and parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts } from '../../src/core/lint/index';
import { LintEngine } from '../../src/node/lint-engine';

const CERT = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  secretName: web-tls\n  duration: 90d\n  dnsNames: [web]\n  issuerRef: {name: ca, kind: ClusterIssuer}\n';
const codes = (e: LintEngine) => e.lint().map((f) => `${f.code}@${f.start}`);

test('edits: applied in order, equal to linting the edited text', () => {
  const e = new LintEngine();
  e.update([{ path: 'c.yaml', text: CERT }]);
  assert.deepEqual(e.lint().map((f) => f.code).sort(), ['duration-syntax', 'issuer-not-found']);
  // Two changes of one event, the later one first in the document (as VS Code sends them).
  const a = CERT.indexOf('90d'), b = CERT.indexOf('web-tls');
  let expected = CERT.slice(0, a) + '2160h' + CERT.slice(a + 3);
  expected = expected.slice(0, b) + 'www-tls' + expected.slice(b + 7);
  assert.equal(e.edit('c.yaml', [{ offset: a, length: 3, text: '2160h' }, { offset: b, length: 7, text: 'www-tls' }], expected.length), true);
  assert.deepEqual(codes(e), lintTexts([{ path: 'c.yaml', text: expected }]).map((f) => `${f.code}@${f.start}`));
});

test('edits: an unknown file, a change outside the text or a wrong final length is refused and forgets the text', () => {
  const e = new LintEngine();
  assert.equal(e.edit('nope.yaml', [{ offset: 0, length: 0, text: 'x' }], 1), false);
  e.update([{ path: 'c.yaml', text: CERT }]);
  assert.equal(e.edit('c.yaml', [{ offset: CERT.length, length: 5, text: '' }], CERT.length), false);
  assert.deepEqual(e.lint(), []);
  e.update([{ path: 'c.yaml', text: CERT }]);
  assert.equal(e.edit('c.yaml', [{ offset: 0, length: 0, text: '# x\n' }], CERT.length), false);
  assert.deepEqual(e.lint(), [], 'an out-of-step text is not linted');
  e.update([{ path: 'c.yaml', text: CERT }]);
  assert.equal(e.lint().length, 2);
});

test('parts: a text sent in parts replaces the file only with its last part; bytes are decoded', () => {
  const e = new LintEngine();
  e.update([{ path: 'c.yaml', text: 'kind: ConfigMap\n' }]);
  e.append('c.yaml', CERT.slice(0, 50), true, false);
  assert.deepEqual(e.lint(), [], 'the old text stays until the last part');
  e.append('c.yaml', CERT.slice(50, 100), false, false);
  e.append('c.yaml', CERT.slice(100), false, true);
  assert.equal(e.lint().length, 2);
  const f = new LintEngine();
  f.update([{ path: 'c.yaml', text: null, bytes: new TextEncoder().encode(CERT.replace('web', 'wéb')) }]);
  assert.deepEqual(f.lint().map((x) => x.code).sort(), lintTexts([{ path: 'c.yaml', text: CERT.replace('web', 'wéb') }]).map((x) => x.code).sort());
});

// t18 (#18): the language server's re-lint after an edit.
const certs = (n: number, duration = '720h') => Array.from({ length: n }, (_, i) => CERT.replace('name: web', `name: web${i}`).replace('web-tls', `web${i}-tls`).replace('90d', duration)).join('---\n');

test('the same text again (a no-op change): nothing parsed or checked again, the same findings', () => {
  const e = new LintEngine();
  const text = certs(20);
  e.update([{ path: 'c.yaml', text }]);
  const first = e.lint();
  const before = { ...e.stats };
  e.update([{ path: 'c.yaml', text: text.slice(0, 10) + text.slice(10) }]); // equal, another string
  const at = text.indexOf('720h');
  assert.equal(e.edit('c.yaml', [{ offset: at, length: 4, text: '720h' }], text.length), true);
  assert.deepEqual(e.lint(), first);
  assert.deepEqual(e.stats, before);
  // A real change is linted.
  assert.equal(e.edit('c.yaml', [{ offset: at, length: 4, text: '72Xh' }], text.length), true);
  assert.deepEqual(e.lint().map((f) => f.code).sort(), [...first.map((f) => f.code), 'duration-syntax'].sort());
  assert.ok(e.stats.checkedObjects > before.checkedObjects);
});

test('a run of edits keeps no earlier workspace alive (each reused its predecessor\'s indexes)', async () => {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const e = new LintEngine();
  let text = certs(20);
  e.update([{ path: 'c.yaml', text }]);
  e.lint();
  const refs: Array<WeakRef<object>> = [];
  let prev = e.workspace();
  for (let k = 0; k < 6; k++) {
    const at = text.indexOf(k % 2 ? '721h' : '720h');
    text = text.slice(0, at) + (k % 2 ? '720h' : '721h') + text.slice(at + 4);
    e.update([{ path: 'c.yaml', text }]);
    e.lint();
    const ws = e.workspace();
    assert.equal(ws.relations, prev.relations, 'the edit kept the relations: the indexes were reused');
    refs.push(new WeakRef(prev));
    prev = ws;
  }
  prev = undefined as never;
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  // The engine keeps the last workspace and the one before it (its indexes' source), no more.
  assert.deepEqual(refs.slice(0, -1).map((r) => r.deref() === undefined), refs.slice(0, -1).map(() => true));
});

test('edits that bring in what a file-wide text test looks for (${VAR}, spire-server) are seen: same findings as a fresh lint', () => {
  const e = new LintEngine();
  let text = certs(12);
  e.update([{ path: 'c.yaml', text }]);
  const fresh = () => lintTexts([{ path: 'c.yaml', text }]).map((f) => `${f.code}@${f.start}`);
  assert.deepEqual(codes(e), fresh());
  const steps: Array<[string, string]> = [
    ['720h', '72Xh'], // a finding in the last document
    ['720h', '${DURATION}'], // envsubst: unknown, not wrong (the file now has substitutions)
    ['${DURATION}', '720h'],
    ['web7-tls', 'spire-server-tls'],
    ['72Xh', '${DURATION}'],
  ];
  for (const [from, to] of steps) {
    const at = text.lastIndexOf(from);
    text = text.slice(0, at) + to + text.slice(at + from.length);
    assert.equal(e.edit('c.yaml', [{ offset: at, length: from.length, text: to }], text.length), true);
    assert.deepEqual(codes(e), fresh(), `after ${from} -> ${to}`);
  }
});
