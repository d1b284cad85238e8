// The long fuzzing pass (`npm run fuzz [-- --runs N] [--seed S] [--target NAME] [--budget-ms MS]`):
// random seed by default, 1,000,000 inputs spread over the targets like the short pass in
// `npm test`. An input that throws, takes longer than the budget (100 ms, the best of three
// runs) or pushes memory past 1.5 GB is saved to test/fixtures/fuzz/<target>/ as a regression
// fixture (replayed by npm test). Exit 1 when anything was saved.
import { fuzzTarget, saveRegression, WEIGHTS } from './harness';
import { TARGETS } from './targets';

function main(argv: string[]): number {
  const opt = (k: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
  const runs = Number(opt('--runs') ?? 1_000_000);
  const seed = Number(opt('--seed') ?? Math.floor(Math.random() * 2 ** 31));
  const budgetMs = Number(opt('--budget-ms') ?? 100);
  const only = opt('--target');
  const targets = TARGETS.filter((t) => !only || t.name === only);
  if (!targets.length || !Number.isFinite(runs) || runs < 1 || !Number.isFinite(seed)) {
    console.error(`usage: npm run fuzz -- [--runs N] [--seed S] [--budget-ms MS] [--target ${TARGETS.map((t) => t.name).join('|')}]`);
    return 2;
  }
  const total = targets.reduce((s, t) => s + WEIGHTS[t.name], 0);
  console.log(`fuzzing ${runs} inputs, seed ${seed} (repeat with --seed ${seed}), budget ${budgetMs} ms per input`);
  let failed = 0;
  for (const t of targets) {
    const n = Math.max(1, Math.round((runs * WEIGHTS[t.name]) / total));
    const started = performance.now();
    const s = fuzzTarget(t, n, seed, budgetMs, (input, why) => console.log(`  FAIL ${t.name}: ${why.split('\n')[0]} -> ${saveRegression(t, input, why)}`));
    failed += s.failures;
    console.log(`${t.name.padEnd(10)} ${String(s.inputs).padStart(8)} inputs in ${((performance.now() - started) / 1000).toFixed(0)} s; median ${s.medianMs.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(1)} ms, slowest ${s.maxMs.toFixed(1)} ms; ${s.failures} failing`);
  }
  console.log(failed ? `${failed} failing input(s) saved under test/fixtures/fuzz/` : 'no failures');
  return failed ? 1 : 0;
}

process.exit(main(process.argv.slice(2)));
