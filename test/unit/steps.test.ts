// Stepwise scanning: the same result at once or in slices, pauses between slices, cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanBytes, scanBytesSteps, scanSteps, scanText } from '../../src/core/scan';
import { runSliced, runSteps } from '../../src/core/steps';
import { nodeHasher } from '../../src/node/platform';
import { fixtureText } from './helpers';

const pem = fixtureText('expired.crt');
const bundle = pem.repeat(40) + '\ndata:\n  tls.crt: ' + Buffer.from(pem).toString('base64') + '\n';
const opts = { hasher: nodeHasher };
const strip = (xs: ReturnType<typeof scanText>['objects']) => xs.map((o) => [o.start, o.end, o.source, o.group, o.index, o.groupSize, o.result.ok]);

/** A fake clock: every reading advances it by `tick` ms, so slices end after a known number of steps. */
function fakeClock(tick: number) {
  let t = 0;
  return () => (t += tick);
}

test('runSteps and runSliced give scanText\'s result', async () => {
  const once = scanText(bundle, opts);
  assert.equal(once.objects.length, 41);
  assert.deepEqual(strip(runSteps(scanSteps(bundle, opts)).objects), strip(once.objects));
  let pauses = 0;
  const sliced = await runSliced(scanSteps(bundle, opts), { sliceMs: 5, now: fakeClock(1), pause: async () => { pauses++; } });
  assert.deepEqual(strip(sliced!.objects), strip(once.objects));
  // About one pause per 5 readings of the clock: the thread is given back many times.
  assert.ok(pauses >= 8, `pauses: ${pauses}`);
});

test('scanBytesSteps equals scanBytes for text, DER and binary input', () => {
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  for (const input of [Buffer.from(bundle), der, Buffer.from([0, 1, 2, 3, 0, 0, 7])]) {
    const a = scanBytes(input, opts), b = runSteps(scanBytesSteps(input, opts));
    assert.equal(b.kind, a.kind);
    assert.deepEqual(strip(b.objects), strip(a.objects));
  }
});

test('runSliced stops at a pause when cancelled, and returns undefined', async () => {
  let pauses = 0;
  const r = await runSliced(scanSteps(bundle, opts), { sliceMs: 2, now: fakeClock(1), pause: async () => { pauses++; }, cancelled: () => pauses >= 3 });
  assert.equal(r, undefined);
  assert.equal(pauses, 3);
});

test('runSliced never pauses when a slice is long enough for the whole computation', async () => {
  let pauses = 0;
  const r = await runSliced(scanSteps(bundle, opts), { sliceMs: 1e9, now: fakeClock(1), pause: async () => { pauses++; } });
  assert.equal(r!.objects.length, 41);
  assert.equal(pauses, 0);
});

test('base64 values are found across the 256 KiB windows of a large text, with pauses between windows', () => {
  const b64 = Buffer.from(pem).toString('base64');
  const filler = 'x: ' + 'y'.repeat(60) + '\n';
  let text = '';
  const starts: number[] = [];
  // Values right before, at and after each window boundary, and on very long lines.
  for (let i = 0; i < 12; i++) {
    while (text.length < (i + 1) * 100_000 - 200 + (i % 3) * 150) text += filler;
    text += 'tls.crt: ';
    starts.push(text.length);
    text += b64 + (i === 5 ? 'z'.repeat(300_000) : '') + '\n';
  }
  const steps = scanSteps(text, opts);
  let pauses = 0;
  for (let r = steps.next(); !r.done; r = steps.next()) pauses++;
  const found = scanText(text, opts).objects.filter((o) => o.source === 'base64-pem').map((o) => o.start);
  assert.deepEqual(found, starts, 'every value, also the one on a 300 KB line');
  assert.equal(scanText(text, opts).objects.filter((o) => o.result.ok).length, 12);
  assert.ok(pauses >= 11 + Math.floor(text.length / (256 * 1024)), `pauses: ${pauses}`);
});
