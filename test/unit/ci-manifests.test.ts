// The CI manifests (#19): action.yml and .pre-commit-hooks.yaml are valid against JSON schemas of
// their formats (test/fixtures/schemas: written from GitHub's and pre-commit's documented fields;
// see their $comment), every `${{ inputs.* }}` the action reads is declared, and the README's
// examples name only inputs and hooks that exist. Running them: test/interop/ci-install.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { FIXTURES, ROOT } from './helpers';
import { readmeSection, yamlBlocks } from '../support/readme';

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strictRequired: false });
const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(join(FIXTURES, 'schemas', `${name}.schema.json`), 'utf8')));
const validAction = schema('github-action');
const validHooks = schema('pre-commit-hooks');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;

test('action.yml is a valid composite action; the schema rejects what GitHub rejects', () => {
  assert.equal(validAction(action), true, JSON.stringify(validAction.errors));
  assert.equal(action.runs.using, 'composite');
  const broken: Array<[string, (a: any) => void]> = [
    ['a run step without shell', (a) => { delete a.runs.steps[0].shell; }],
    ['a step with both run and uses', (a) => { a.runs.steps[0].uses = 'actions/checkout@v4'; }],
    ['an input without description', (a) => { delete a.inputs.paths.description; }],
    ['an unknown top-level key', (a) => { a.bogus = 1; }],
    ['a uses without a ref', (a) => { a.runs.steps[2].uses = 'github/codeql-action/upload-sarif'; }],
    ['no description', (a) => { delete a.description; }],
  ];
  for (const [what, change] of broken) {
    const a = structuredClone(action);
    change(a);
    assert.equal(validAction(a), false, what);
  }
});

test('action.yml: lints with --format sarif, uploads it with codeql-action/upload-sarif, gates by --fail-on; every input read is declared', () => {
  const steps = action.runs.steps as Array<Record<string, any>>;
  const lint = steps.find((s) => s.id === 'lint')!;
  assert.match(lint.run, /certwright lint --format sarif --fail-on none \$CERTWRIGHT_PATHS > "\$sarif"/);
  const upload = steps.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'))!;
  assert.equal(upload.with.sarif_file, '${{ steps.lint.outputs.sarif-file }}');
  assert.ok(steps.indexOf(upload) > steps.indexOf(lint));
  const gate = steps.find((s) => /--fail-on "\$CERTWRIGHT_FAIL_ON"/.test(s.run ?? ''));
  assert.ok(gate && steps.indexOf(gate) > steps.indexOf(upload), 'the gate runs after the upload, so findings are uploaded even when it fails');
  const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  const read = new Set([...text.matchAll(/\$\{\{\s*inputs\.([\w-]+)/g), ...text.matchAll(/\binputs\.([\w-]+)\s*[!=]=/g)].map((m) => m[1]));
  assert.deepEqual([...read].sort(), Object.keys(action.inputs).sort());
  // Inputs reach the scripts only through env: never `${{ }}` inside run (script injection).
  for (const s of steps) assert.ok(!/\$\{\{/.test(s.run ?? ''), `step ${s.name}: no expression inside run`);
});

test('.pre-commit-hooks.yaml: valid manifest with certwright-lint and certwright-expiry; the schema rejects broken hooks', () => {
  assert.equal(validHooks(hooks), true, JSON.stringify(validHooks.errors));
  assert.deepEqual(hooks.map((h) => h.id), ['certwright-lint', 'certwright-expiry']);
  assert.deepEqual(hooks.map((h) => h.entry), ['certwright lint', 'certwright inspect']);
  const broken: Array<[string, (h: any[]) => void]> = [
    ['no entry', (h) => { delete h[0].entry; }],
    ['unknown language', (h) => { h[0].language = 'nodejs'; }],
    ['unknown key', (h) => { h[1].file = 'x'; }],
    ['args not strings', (h) => { h[1].args = [1]; }],
    ['empty manifest', (h) => { h.length = 0; }],
  ];
  for (const [what, change] of broken) {
    const h = structuredClone(hooks);
    change(h);
    assert.equal(validHooks(h), false, what);
  }
  // The files patterns (Python regexes, also valid here) pick the right files.
  const files = (id: string) => new RegExp(String(hooks.find((h) => h.id === id)!.files));
  const table: Array<[string, string, boolean]> = [
    ['certwright-lint', 'deploy/certificate.yaml', true], ['certwright-lint', 'charts/x/values.yml', true],
    ['certwright-lint', 'main.go', true], ['certwright-lint', 'certs/ca.pem', false], ['certwright-lint', 'README.md', false],
    ['certwright-expiry', 'certs/ca.pem', true], ['certwright-expiry', 'certs/leaf.crt', true], ['certwright-expiry', 'x.der', true],
    ['certwright-expiry', 'certs/leaf.key', false], ['certwright-expiry', 'deploy/certificate.yaml', false],
  ];
  for (const [id, path, match] of table) assert.equal(files(id).test(path), match, `${id} ${path}`);
});

test('README: the GitHub Actions example uses only declared inputs, the pre-commit example only declared hooks', () => {
  const gh = yamlBlocks(readmeSection('GitHub Actions'));
  const uses = gh.flatMap((b) => (b.jobs ? Object.values(b.jobs as Record<string, { steps: any[] }>).flatMap((j) => j.steps) : []))
    .filter((s) => String(s.uses).startsWith('certwright/certwright@'));
  assert.equal(uses.length, 1);
  for (const k of Object.keys(uses[0].with)) assert.ok(k in action.inputs, `input ${k}`);
  const pc = yamlBlocks(readmeSection('pre-commit'))[0] as { repos: Array<{ hooks: Array<{ id: string }> }> };
  const ids = pc.repos[0].hooks.map((h) => h.id);
  assert.deepEqual(ids, ['certwright-lint', 'certwright-expiry']);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(String(pc.repos[0].hooks && (pc.repos[0] as any).rev), `v${pkg.version}`);
  assert.equal(uses[0].uses, `certwright/certwright@v${pkg.version}`);
});
