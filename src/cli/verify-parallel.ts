// `certwright verify` over many files on two threads: this one and one worker thread running the
// same bundle (dist/cli-verify.js), taking chunks of the file list from a shared counter until
// none is left. The results are written in argument order, exactly as one thread writes them.
// Why: `verify` over 1,000 files is raced against `openssl verify` (one thread, C); reading,
// decoding and checking a signature per file is most of the time, and CI machines have a second
// core. Taking chunks (not halves) keeps it no slower when the other cores are busy: a worker that
// starts late or runs slowly takes fewer chunks, and one that fails has its chunks done here.
// Only the verify bundle turns this on (useVerifyWorker): everywhere else (the full CLI, tests
// in-process) the same validation runs on one thread.
import { readFileSync } from 'node:fs';
import type { Validate, VerifyBatch, VerifyPlan } from './verify';

/** The argument that starts dist/cli-verify.js as the worker (process.argv[2] in the worker thread). */
export const VERIFY_WORKER_ARG = '--certwright-verify-worker';
/** Below this many files a second thread costs more (its start, about a process's) than it saves. */
const PARALLEL_MIN = 200;
/** Files per chunk: small enough that the last chunk of either thread is not waited for long. */
const CHUNK = 16;

type WorkerThreads = typeof import('node:worker_threads');
/** Loaded only when a run is parallel: a small run starts without it. */
const workerThreads = (): WorkerThreads => require('node:worker_threads') as WorkerThreads;

let workerScript: string | undefined;
/** Lets runs of many files use a worker thread running `script` (the verify bundle itself). */
export function useVerifyWorker(script: string): void {
  workerScript = script;
}

interface WorkerData {
  plan: VerifyPlan;
  next: Int32Array;
}

interface ChunkMessage {
  chunk: number;
  batch: VerifyBatch;
}

const rangeOf = (plan: VerifyPlan, chunk: number): [number, number] => [chunk * CHUNK, Math.min((chunk + 1) * CHUNK, plan.files.length)];

/**
 * Whether a second thread would likely get a core of its own. On a busy machine the worker's
 * start and its second warm-up of the code only take time from this thread (measured: 2 cores
 * at a load of 8, 25% more CPU and no faster). Two readings: the one-minute load average (which
 * a run on two threads itself raises by up to 2, hence the margin) and, on Linux, the tasks
 * runnable right now (/proc/loadavg, this thread included).
 */
function spareCore(): boolean {
  const os = require('node:os') as typeof import('node:os');
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  if (cores < 2 || os.loadavg()[0] > cores + 0.5) return false;
  try {
    const running = Number(/^\S+ \S+ \S+ (\d+)\//.exec(readFileSync('/proc/loadavg', 'latin1'))?.[1]);
    return !(running > cores);
  } catch {
    return true; // No /proc: the load average alone.
  }
}

/**
 * Validates every file of `plan` on this thread and a worker thread, handing each chunk's batch
 * to `emit` in file order. False (nothing done) when the run is too small for a second thread, or
 * parallel runs are not enabled here.
 */
export async function verifyInParallel(
  plan: VerifyPlan, validate: Validate, emit: (b: VerifyBatch) => void,
  verifyRange: (plan: VerifyPlan, validate: Validate, from: number, to: number) => Promise<VerifyBatch>,
): Promise<boolean> {
  // CERTWRIGHT_VERIFY_THREADS=1 or 2 decides instead (2: a worker whatever the size and load).
  const threads = process.env.CERTWRIGHT_VERIFY_THREADS;
  if (!workerScript || threads === '1') return false;
  if (threads !== '2' && (plan.files.length < PARALLEL_MIN || !spareCore())) return false;
  const chunks = Math.ceil(plan.files.length / CHUNK);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const done: (VerifyBatch | undefined)[] = new Array(chunks);
  let alive = true;
  let wake: (() => void) | undefined;
  const poke = () => { const w = wake; wake = undefined; w?.(); };
  let worker: import('node:worker_threads').Worker | undefined;
  try {
    const data: WorkerData = { plan, next };
    worker = new (workerThreads().Worker)(workerScript, { argv: [VERIFY_WORKER_ARG], workerData: data, stdout: true, stderr: true });
    worker.on('message', (m: ChunkMessage) => { done[m.chunk] = m.batch; poke(); });
    // A worker that fails (or never starts) leaves its chunks to this thread.
    worker.on('error', () => { alive = false; poke(); });
    worker.on('exit', () => { alive = false; poke(); });
  } catch {
    alive = false;
  }
  let emitted = 0;
  const flush = () => {
    for (let b; emitted < chunks && (b = done[emitted]); emitted++) { emit(b); done[emitted] = undefined; }
  };
  for (;;) {
    const c = Atomics.add(next, 0, 1);
    if (c >= chunks) break;
    done[c] = await verifyRange(plan, validate, ...rangeOf(plan, c));
    // One turn of the event loop: the worker's batches come in, and what is complete is written.
    await new Promise<void>((r) => setImmediate(r));
    flush();
  }
  // The worker's last chunks; any it claimed and did not send (it failed) are done here.
  while (emitted < chunks) {
    if (done[emitted]) flush();
    else if (!alive) done[emitted] = await verifyRange(plan, validate, ...rangeOf(plan, emitted));
    else await new Promise<void>((r) => { wake = r; });
  }
  worker?.unref();
  return true;
}

/** The worker thread's side: takes chunks until none is left and posts each batch. */
export async function runVerifyWorker(
  validatorFor: (plan: VerifyPlan) => Validate,
  verifyRange: (plan: VerifyPlan, validate: Validate, from: number, to: number) => Promise<VerifyBatch>,
): Promise<void> {
  const { workerData, parentPort } = workerThreads();
  if (!parentPort) return; // Not a worker thread: nothing was handed over.
  const { plan, next } = workerData as WorkerData;
  const validate = validatorFor(plan);
  const chunks = Math.ceil(plan.files.length / CHUNK);
  for (;;) {
    const c = Atomics.add(next, 0, 1);
    if (c >= chunks) break;
    const batch = await verifyRange(plan, validate, ...rangeOf(plan, c));
    parentPort!.postMessage({ chunk: c, batch } satisfies ChunkMessage);
  }
}
