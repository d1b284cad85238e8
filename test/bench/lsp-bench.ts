// Language server benchmarks, over stdio against `node dist/cli.js lsp --stdio` (a real process):
// first diagnostics for the 3,000-object file vs yaml's parse of it, re-lint after a one-line
// didChange (p95), and the server's peak memory. Diagnostics are pulled (textDocument/diagnostic
// answers once the lint of the current version is done), so every edit has a reply to time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, uri } from '../support/lsp-client';
import { generate } from './lint-bench';

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Peak resident memory of a process (Linux: VmHWM), in MB. */
function peakMB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * yaml's parseAllDocuments of the file in a fresh process, timed inside it (no start-up): the
 * reference for a fresh server's first diagnostics, both with a cold JIT.
 */
function freshParseMs(repo: string, file: string): number {
  const script = `const {parseAllDocuments}=require(${JSON.stringify(join(repo, 'node_modules', 'yaml'))});const t=require('fs').readFileSync(process.argv[1],'utf8');const t0=performance.now();const d=parseAllDocuments(t);if(!d.length)process.exit(1);process.stdout.write(String(performance.now()-t0));`;
  const r = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`parse reference failed: ${r.stderr}`);
  return Number(r.stdout);
}

/** Edits right after opening, timed apart from the p95 (reported as their median and maximum). */
const WARMUP = 20;

export async function runLspBench(repo: string, runs = 3, edits = 60): Promise<{ parseMs: number; firstMs: number; relintP95: number; relintMedian: number; warmupMedian: number; warmupMax: number; peakMB: number }> {
  const text = generate(1000);
  const parse: number[] = [], first: number[] = [], relint: number[] = [], warm: number[] = [];
  let peak = 0;
  for (let run = 0; run < runs; run++) {
    // An empty workspace folder: the file comes through didOpen only.
    const root = mkdtempSync(join(tmpdir(), 'certwright-lsp-bench-'));
    const reference = join(tmpdir(), `certwright-lsp-bench-${process.pid}.yaml`);
    writeFileSync(reference, text);
    parse.push(freshParseMs(repo, reference));
    rmSync(reference);
    const c = new LspClient({ root, repo, pull: true });
    try {
      await c.initialize();
      await c.until(() => c.progress.some((p) => p.value.kind === 'end'), 'the initial scan', 120_000);
      const path = join(root, 'big.yaml');
      const doc = { textDocument: { uri: uri(path) } };
      let t0 = performance.now();
      await c.open(path, text);
      const report = await c.request<{ items: unknown[] }>('textDocument/diagnostic', doc);
      first.push(performance.now() - t0);
      if (report.items.length !== 1) throw new Error(`expected 1 finding in the generated file, got ${report.items.length}`);
      if (run > 0) { await c.shutdown(); continue; }
      // One-line edits, every one a real change: a Certificate's duration 720h -> 721h, then back,
      // line after line spread over the file. The first WARMUP edits after opening are timed
      // apart (the JIT is still compiling the incremental path); the p95 is of the `edits` after them.
      const lines = text.split('\n');
      const at = lines.flatMap((l, i) => (l === '  duration: 720h' ? [i] : []));
      for (let k = 0; k < WARMUP + edits; k++) {
        const line = at[(Math.floor(k / 2) * 37) % at.length];
        const value = k % 2 ? '720h' : '721h';
        t0 = performance.now();
        await c.change(path, k + 2, [{ range: { start: { line, character: 12 }, end: { line, character: 16 } }, text: value }]);
        await c.request('textDocument/diagnostic', doc);
        (k < WARMUP ? warm : relint).push(performance.now() - t0);
      }
      peak = peakMB(c.proc.pid!);
      await c.shutdown();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const sorted = [...relint].sort((a, b) => a - b);
  return { parseMs: med(parse), firstMs: med(first), relintP95: sorted[Math.floor(sorted.length * 0.95)], relintMedian: med(relint), warmupMedian: med(warm), warmupMax: Math.max(...warm), peakMB: peak };
}

if (process.env.CERTWRIGHT_LSP_BENCH) {
  runLspBench(process.env.CERTWRIGHT_LSP_BENCH).then((r) => process.stdout.write(JSON.stringify(r) + '\n'), (e) => { console.error(e); process.exit(1); });
}
