// Benchmark bodies over the core, bundled by scripts/bench.mjs.
import { hoverMarkdown } from '../../src/core/describe';
import { scanText, FoundObject } from '../../src/core/scan';
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
