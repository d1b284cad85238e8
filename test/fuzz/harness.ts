// Fuzzing machinery shared by the long pass (test/fuzz/run.ts), the benchmark (slowest input) and
// the one-off creation of regression fixtures.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { inputs, REGRESSIONS, Target } from './targets';

/** Inputs per target in the short pass of `npm test` (21,700 in all with the blocks below); the long pass keeps the proportions. */
export const WEIGHTS: Record<string, number> = { 'pem-text': 4000, 'der-bytes': 4000, base64: 2500, 'yaml-lint': 2000, hcl: 2500, 'spiffe-id': 2500, duration: 2500, 'author-code-actions': 500, 'author-manifests': 500 };
// Issue 13, hostile input (test/fuzz/targets.ts, HOSTILE_TARGETS): the walk writes a file per input, so fewer.
Object.assign(WEIGHTS, { 'hcl-lint': 500, 'file-walk': 200 });
// Issue 17 part 5: keystores and bundles (PKCS#12, JKS, PKCS#7) as files and as base64 in YAML.
Object.assign(WEIGHTS, { keystores: 1500 });
// Issue 17 speed: the certificate reader of `certwright verify`, against decodeCertificate.
Object.assign(WEIGHTS, { 'validation-reader': 2000 });

export interface TargetStats { target: string; inputs: number; failures: number; maxMs: number; p99Ms: number; medianMs: number }

/**
 * Runs `runs` inputs of a target from `seed` (batches of fc.sample, so memory stays flat) and
 * calls `onFailure` for each input that throws or exceeds the budget twice.
 */
export function fuzzTarget(target: Target, runs: number, seed: number, budgetMs: number, onFailure: (input: string | Uint8Array, why: string) => void): TargetStats {
  const times: number[] = [];
  let failures = 0;
  const arb = inputs(target);
  for (let done = 0, batch = 0; done < runs; batch++) {
    const n = Math.min(1000, runs - done);
    for (const input of fc.sample(arb, { seed: seed + batch, numRuns: n })) {
      const t0 = performance.now();
      let why: string | undefined;
      try {
        target.run(input);
      } catch (e) {
        why = `throws: ${(e as Error).stack ?? e}`;
      }
      let ms = performance.now() - t0;
      if (!why && ms > budgetMs / 2) {
        // Confirm slow runs: a GC pause or a JIT compile can land in any one run; the best of three counts.
        for (let k = 0; k < 2 && ms > budgetMs; k++) {
          const t1 = performance.now();
          target.run(input);
          ms = Math.min(ms, performance.now() - t1);
        }
        if (ms > budgetMs) why = `took ${ms.toFixed(0)} ms (budget ${budgetMs} ms) for ${input.length} ${target.kind === 'bytes' ? 'bytes' : 'characters'}`;
      }
      if (!why && process.memoryUsage().rss > 1.5 * 2 ** 30) why = `memory: RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`;
      times.push(ms);
      if (why) { failures++; onFailure(input, why); }
    }
    done += n;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))] ?? 0;
  return { target: target.name, inputs: times.length, failures, maxMs: times[times.length - 1] ?? 0, p99Ms: at(0.99), medianMs: at(0.5) };
}

/** Saves a failing input as a regression fixture; returns its path. */
export function saveRegression(target: Target, input: string | Uint8Array, why: string): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : Buffer.from(input);
  const name = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const dir = join(REGRESSIONS, target.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.bin`), bytes);
  writeFileSync(join(dir, `${name}.txt`), `${why}\n`);
  return join(dir, `${name}.bin`);
}

