// examples/README.md promises findings: each one is checked here, at its place, on a fresh copy
// of the demo whose certificates are made relative to now, as `npm start` makes them
// (scripts/demo.mjs; needs openssl). Never the live examples/ folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkObjects } from '../../src/core/diagnostics';
import { lensTitle } from '../../src/core/describe';
import { LINTED } from '../../src/cli/lint';
import { lintTexts } from '../../src/core/lint/index';
import { LineIndex } from '../../src/core/lines';
import { scanBytes } from '../../src/core/scan';
import { walkRespectingGitignore } from '../../src/node/gitignore';
import { nodeHasher } from '../../src/node/platform';
import { demoCopy } from '../support/demo';
import { ROOT } from './helpers';

const DEMO = demoCopy(ROOT, { fresh: true });
const NOW = new Date();

/** Every finding in the demo as "file:line code message" (decoding diagnostics and lint). */
function findings(): Array<{ file: string; line: number; code: string; message: string; severity: string }> {
  const out: Array<{ file: string; line: number; code: string; message: string; severity: string }> = [];
  // examples/vault and examples/openssl show every PKI rule on purpose: their own READMEs list
  // what they show (checked by test/unit/lint-pki.test.ts).
  const files = walkRespectingGitignore(DEMO, (f) => !/^(vault|openssl)[\\/]/.test(relative(DEMO, f)));
  // So do the mistakes folders of istio/, linkerd/ and gateway/ for the mesh and gateway rules
  // (test/unit/examples-mistakes.test.ts): linted with the rest, so that they add nothing elsewhere.
  const mine = (path: string) => !/^(istio|linkerd|gateway)[\\/]mistakes[\\/]/.test(path);
  for (const f of files.filter((f) => mine(relative(DEMO, f)))) {
    const bytes = readFileSync(f);
    const scan = scanBytes(bytes, { hasher: nodeHasher });
    if (scan.text === undefined) continue;
    const lines = new LineIndex(scan.text);
    for (const d of checkObjects(scan.text, scan.objects, { now: NOW, expiryWarningDays: 30 })) {
      out.push({ file: relative(DEMO, f), line: lines.position(d.start).line + 1, code: d.code, message: d.message, severity: d.severity });
    }
  }
  const texts = files.filter((f) => LINTED.test(f)).map((f) => ({ path: relative(DEMO, f), text: readFileSync(f, 'utf8') }));
  for (const l of lintTexts(texts).filter((l) => mine(l.file))) {
    out.push({ file: l.file, line: new LineIndex(texts.find((t) => t.path === l.file)!.text).position(l.start).line + 1, code: l.code, message: l.message, severity: l.severity });
  }
  return out;
}

const ALL = findings();

/** The rows of examples/README.md's findings table: file, line, code, severity. */
function promised(): Array<{ file: string; line: number; code: string; severity: string }> {
  const readme = readFileSync(join(DEMO, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('<!-- demo-findings:start -->'), readme.indexOf('<!-- demo-findings:end -->'));
  return [...table.matchAll(/^\| `([^`:]+):(\d+)` \| `([a-z0-9-]+)` \((error|warning|info)\) \|/gm)].map((m) => ({ file: m[1], line: Number(m[2]), code: m[3], severity: m[4] }));
}

const key = (f: { file: string; line: number; code: string; severity: string }) => `${f.file}:${f.line} ${f.code} (${f.severity})`;

test('examples/README.md: every promised finding appears at its place, and nothing else is found', () => {
  const want = promised();
  assert.equal(want.length, 19, 'the table parses');
  assert.deepEqual(ALL.map(key).sort(), want.map(key).sort());
});

test('examples/README.md: the time-relative story holds today ("expires in 20 days", "expired 30 days ago")', () => {
  const by = (code: string) => ALL.find((f) => f.code === code)!;
  assert.match(by('expiring').message, /^Certificate CN=payment-service expires in 20 days \(\d{4}-\d\d-\d\d\)/);
  assert.match(by('expired').message, /^Certificate CN=auth-service expired (30|31) days ago/);
  // The CA's card says "expires in 10 years", never "3649 days".
  const ca = scanBytes(readFileSync(join(DEMO, 'certs/ca.crt')), { hasher: nodeHasher }).objects[0];
  assert.ok(ca.result.ok && ca.result.object.type === 'certificate');
  assert.match(lensTitle(ca.result.object, NOW, 30), /· expires in 10 years$/);
});

test('examples/README.md "also try": the Secret\'s tls.crt hovers as a certificate; ECDSA with key encipherment warns; 90d is an error with a quick fix', () => {
  const secret = scanBytes(readFileSync(join(DEMO, 'certs/secret.yaml')), { hasher: nodeHasher }).objects;
  assert.ok(secret.some((o) => o.key === 'tls.crt' && o.result.ok && o.result.object.type === 'certificate'));
  const path = 'mtls-demo/certificates.yaml';
  const text = readFileSync(join(DEMO, path), 'utf8');
  const ecdsa = text.replace('  secretName: server-cert-secret\n', '  secretName: server-cert-secret\n  privateKey: {algorithm: ECDSA}\n');
  assert.ok(lintTexts([{ path, text: ecdsa }]).some((f) => f.code === 'usage-key-encipherment-ecdsa'));
  const d90 = text.replace('  duration: 2160h  # 90 days', '  duration: 90d  # 90 days');
  const bad = lintTexts([{ path, text: d90 }]).find((f) => f.code === 'duration-syntax')!;
  assert.equal(bad.severity, 'error');
  assert.ok(bad.fixes?.[0].edits.some((e) => e.newText === '2160h'));
});

test('the demo copy: only files git tracks, never what a user created in examples/', () => {
  const files = walkRespectingGitignore(DEMO, () => true).map((f) => relative(DEMO, f));
  for (const f of ['README.md', 'certs/regenerate.sh', 'mtls-demo/certificates.yaml']) assert.ok(files.includes(f), f);
  assert.ok(!files.some((f) => f.startsWith('mtls-go/') || f.startsWith('gen/')));
});
