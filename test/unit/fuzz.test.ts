// A short, fixed-seed fuzzing pass over every parser path (about 20,000 inputs; `npm run fuzz`
// runs the long random pass): no input may throw out of the core, and output stays bounded.
// Wall time is not asserted here (benchmarks measure speed); `npm run fuzz` enforces 100 ms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintTexts } from '../../src/core/lint/index';
import { WEIGHTS as RUNS } from '../fuzz/harness';
import { billionLaughs, inputs, regressions, TARGETS } from '../fuzz/targets';

const SEED = 20261124;

test('the fuzz table covers every target with a run count (about 20,000 inputs in all)', () => {
  assert.deepEqual(TARGETS.map((t) => t.name).sort(), Object.keys(RUNS).sort());
  const total = Object.values(RUNS).reduce((a, b) => a + b, 0);
  assert.ok(total >= 20_000, `${total}`);
  for (const t of TARGETS) assert.ok(t.seeds().length >= 5, `${t.name} has seeds from the fixtures`);
});

for (const target of TARGETS) {
  test(`fuzz ${target.name}: ${RUNS[target.name]} inputs never throw, output stays bounded`, () => {
    let ran = 0;
    fc.assert(
      fc.property(inputs(target), (input) => {
        ran++;
        const size = target.run(input);
        // Output grows at most linearly with the input (no alias or nesting blow-up).
        return Number.isFinite(size) && size <= 2000 * (input.length + 100);
      }),
      { seed: SEED, numRuns: RUNS[target.name], endOnFailure: true },
    );
    assert.equal(ran, RUNS[target.name]);
  });

  test(`fuzz ${target.name}: saved regression inputs still pass`, () => {
    const saved = regressions(target);
    for (const { file, input } of saved) assert.doesNotThrow(() => target.run(input), file);
    // Every target's folder exists, so replays are not silently skipped.
    assert.ok(saved.length >= 1, `no regression inputs in test/fixtures/fuzz/${target.name}`);
  });
}

test('a "billion laughs" YAML is linted with bounded memory and a finding instead of an expansion', () => {
  const before = process.memoryUsage().heapUsed;
  const findings = lintTexts([{ path: 'k8s/lol.yaml', text: billionLaughs() }]);
  const grew = (process.memoryUsage().heapUsed - before) / 1048576;
  assert.ok(findings.length < 20, `${findings.length} findings`);
  assert.deepEqual(findings.map((f) => f.code), ['yaml-syntax']);
  assert.match(findings[0].message, /expand to about \d\.\de\+9 nodes.*excessive aliasing/);
  // Nine levels of ten is 10^9 leaves: counted, never built.
  assert.ok(grew < 100, `heap grew ${grew.toFixed(0)} MB`);
});
