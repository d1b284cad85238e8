// The mesh and gateway rules (src/core/lint/rules/mesh-ca.ts, gateways.ts) on openssl-made
// material: every case of the table (also run by lint-rules.test.ts) with its exact range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts, LINT_RULES, type LintFinding } from '../../src/core/lint/index';
import { MESH_FAILS, MESH_PASSES } from './lint-mesh-cases';

type Input = { path: string; text: string };
const textOf = (files: Input[], path: string) => files.find((f) => f.path === path)!.text;
const show = (files: Input[], fs: LintFinding[]) => fs.map((f) => `${f.file}:${(f.line ?? 0) + 1} ${f.code} ${JSON.stringify(textOf(files, f.file).slice(f.start, f.end).slice(0, 80))}: ${f.message}`).join('\n');

for (const c of MESH_FAILS) {
  test(`${c.code}: fails on ${c.name} (exact range)`, () => {
    const findings = lintTexts(c.files);
    const file = c.file ?? c.files[0].path;
    const f = findings.find((x) => x.code === c.code && x.file === file && textOf(c.files, file).slice(x.start, x.end) === c.at);
    assert.ok(f, `expected ${c.code} in ${file}; got:\n${show(c.files, findings)}`);
    assert.equal(f.severity, LINT_RULES[c.code].severity);
    // No error from any other rule on these inputs except the one under test.
    assert.deepEqual(findings.filter((x) => x.severity === 'error' && x.code !== c.code && !x.code.startsWith('linkerd-') && !x.code.startsWith('istio-c')).map((x) => x.code), [], show(c.files, findings));
  });
}

for (const c of MESH_PASSES) {
  test(`${c.code}: passes on ${c.name}`, () => {
    const findings = lintTexts(c.files);
    assert.deepEqual(findings.filter((f) => f.code === c.code).map((f) => f.message), [], show(c.files, findings));
  });
}
