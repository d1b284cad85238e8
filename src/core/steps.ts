// Long computations written as generators that pause between units of work: run to the end at
// once (`runSteps`), or in time slices that give the caller's thread back (`runSliced`).

/** Runs a stepwise computation to its end. */
export function runSteps<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export interface SliceOptions {
  /** Longest run between pauses, in milliseconds of `now()`. */
  sliceMs: number;
  now: () => number;
  /** Gives the thread back (e.g. a macrotask); injected, so this stays platform-free. */
  pause: () => Promise<void>;
  /** Checked at every pause: when true the computation stops and `undefined` is returned. */
  cancelled?: () => boolean;
}

/**
 * Runs a stepwise computation in slices of at most about `sliceMs` (one step may overrun it),
 * pausing between them. Resolves to the result, or `undefined` when cancelled.
 */
export async function runSliced<T>(steps: Generator<unknown, T, void>, opts: SliceOptions): Promise<T | undefined> {
  let sliceStart = opts.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (opts.now() - sliceStart >= opts.sliceMs) {
      await opts.pause();
      if (opts.cancelled?.()) {
        steps.return(undefined as never);
        return undefined;
      }
      sliceStart = opts.now();
    }
  }
}
