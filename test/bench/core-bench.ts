// Benchmark bodies over the core, bundled by scripts/bench.mjs.
import { hoverMarkdown } from '../../src/core/describe';
import { scanSteps, scanText, FoundObject } from '../../src/core/scan';
import { runSliced } from '../../src/core/steps';
import { inspectRecord } from '../../src/core/json';
import { nodeHasher } from '../../src/node/platform';
import { LineIndex } from '../../src/core/lines';

/** Every field of every object, as `inspect --json` builds it. */
export function fullDecode(text: string): number {
  const r = scanText(text, { hasher: nodeHasher });
  const lines = new LineIndex(text);
  let n = 0;
  for (const f of r.objects) {
    if (f.result.ok) {
      const rec = inspectRecord(f.result.object, 'bench.pem', lines.position(f.start).line + 1);
      if (rec.type) n++;
    }
  }
  return n;
}

export function makeTenMegabytes(blocks: string[]): string {
  let s = '';
  for (let i = 0; s.length < 10 * 1024 * 1024; i++) s += blocks[i % blocks.length];
  return s;
}

/** What the hover provider does per request once the document scan is cached: find, then render. */
export function hoverLatencies(text: string, samples: number): { samples: number[]; firstScanMs: number; objects: number } {
  const t0 = performance.now();
  const scan = scanText(text, { hasher: nodeHasher });
  const firstScanMs = performance.now() - t0;
  const starts = scan.objects.map((o) => o.start);
  const out: number[] = [];
  const now = new Date();
  for (let i = 0; i < samples; i++) {
    const offset = Math.floor(((i * 7919) % 1000) / 1000 * text.length);
    const s = performance.now();
    let lo = 0, hi = starts.length - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= offset) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    const o: FoundObject | undefined = scan.objects[at];
    if (o) hoverMarkdown([{ object: o.result.ok ? o.result.object : undefined, error: o.result.ok ? undefined : o.result.error, index: o.index, groupSize: o.groupSize }], now, 30, o.index);
    out.push(performance.now() - s);
  }
  return { samples: out, firstScanMs, objects: scan.objects.length };
}

/**
 * The longest time the extension host is blocked while the document scanner decodes `text` in
 * slices (as src/vscode/documents.ts does), and the longest copy of one part of it that a
 * postMessage to the lint worker makes on the host.
 */
export async function longestBlock(text: string): Promise<{ maxMs: number; slices: number; totalMs: number; copyMs: number }> {
  let maxMs = 0, slices = 0, last = performance.now();
  const t0 = last;
  const r = await runSliced(scanSteps(text, { hasher: nodeHasher }), {
    sliceMs: 15,
    now: () => performance.now(),
    pause: () => {
      const now = performance.now();
      maxMs = Math.max(maxMs, now - last);
      slices++;
      return new Promise<void>((resolve) => setImmediate(() => { last = performance.now(); resolve(); }));
    },
  });
  maxMs = Math.max(maxMs, performance.now() - last);
  if (!r) throw new Error('scan was cancelled');
  const totalMs = performance.now() - t0;
  // The language client sends a large text to the server thread in parts of 1M characters (src/node/lsp/port.ts, PART).
  let copyMs = 0;
  for (let at = 0; at < text.length; at += 1 << 20) {
    const c0 = performance.now();
    structuredClone({ type: 'append', path: 'big.yaml', text: text.slice(at, at + (1 << 20)), first: at === 0, last: false });
    copyMs = Math.max(copyMs, performance.now() - c0);
  }
  return { maxMs, slices: slices + 1, totalMs, copyMs };
}
