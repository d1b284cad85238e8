// Durations for `--expiring-within` and cert-manager specs: Go durations ("720h", "1h30m",
// "2160h0m0s") and days/weeks ("30d", "2w"), returned in milliseconds.

const UNITS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000,
};

/** Milliseconds, or an error message naming the accepted forms. */
export function parseDuration(input: string): { ok: true; ms: number } | { ok: false; error: string } {
  const s = input.trim();
  const bad = { ok: false as const, error: `not a duration: ${JSON.stringify(input)} (use e.g. 30d, 720h, 1h30m)` };
  if (s === '0') return { ok: true, ms: 0 };
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w)/y;
  let total = 0;
  let i = 0;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return bad;
    total += Number(m[1]) * UNITS[m[2]];
    i = re.lastIndex;
  }
  if (i === 0) return bad;
  return { ok: true, ms: total };
}

/** "30 days", "12 hours", "90 minutes" for messages. */
export function durationText(ms: number): string {
  const d = ms / 86_400_000;
  if (d >= 1 && Number.isInteger(d)) return `${d} day${d === 1 ? '' : 's'}`;
  const h = ms / 3_600_000;
  if (h >= 1 && Number.isInteger(h)) return `${h} hour${h === 1 ? '' : 's'}`;
  const m = Math.round(ms / 60_000);
  return `${m} minute${m === 1 ? '' : 's'}`;
}
