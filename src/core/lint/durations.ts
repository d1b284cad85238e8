// Go's time.ParseDuration, which cert-manager, SPIRE and csi-driver use for every duration.

const UNITS: Record<string, number> = {
  ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000,
};

export type ParsedDuration = { ok: true; ms: number } | { ok: false; error: string; suggestion?: string };

/** Parses a Go duration ("2160h", "1h30m", "90m"). Errors use Go's wording. */
export function parseGoDuration(input: string): ParsedDuration {
  const s = input.trim();
  const quoted = JSON.stringify(input);
  if (s === '') return { ok: false, error: `time: invalid duration ${quoted}` };
  if (s === '0') return { ok: true, ms: 0 };
  let i = 0;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') { sign = s[0] === '-' ? -1 : 1; i++; }
  let total = 0;
  let any = false;
  while (i < s.length) {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s.slice(i))!;
    if (!num[0] || num[0] === '.') return { ok: false, error: `time: invalid duration ${quoted}` };
    i += num[0].length;
    const unit = /^[^\d.]*/.exec(s.slice(i))![0];
    if (!unit) return { ok: false, error: `time: missing unit in duration ${quoted}`, suggestion: suggest(s) };
    const factor = UNITS[unit];
    if (factor === undefined) return { ok: false, error: `time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`, suggestion: suggest(s) };
    total += Number(num[0]) * factor;
    i += unit.length;
    any = true;
  }
  if (!any) return { ok: false, error: `time: invalid duration ${quoted}` };
  // Go durations are int64 nanoseconds.
  if (total > 9_223_372_036_854.775) return { ok: false, error: `time: invalid duration ${quoted}` };
  return { ok: true, ms: sign * total };
}

/** A valid Go duration for common mistakes: "90d" -> "2160h", "30 days" -> "720h", "1w" -> "168h". */
function suggest(s: string): string | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(d|day|days|w|week|weeks|y|year|years|h|hr|hrs|hours?|m|mins?|minutes?|s|secs?|seconds?)?$/i.exec(s.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const u = (m[2] ?? '').toLowerCase();
  if (!u) return undefined;
  if (u.startsWith('d')) return `${n * 24}h`;
  if (u.startsWith('w')) return `${n * 168}h`;
  if (u.startsWith('y')) return `${n * 8760}h`;
  if (u.startsWith('h')) return `${n}h`;
  if (u.startsWith('mi') || u === 'm') return `${n}m`;
  if (u.startsWith('s')) return `${n}s`;
  return undefined;
}

/** "30 days", "7 days 12 hours", "4 hours", "90 minutes". */
export function humanDuration(ms: number): string {
  const DAY = 86_400_000, HOUR = 3_600_000, MIN = 60_000;
  const parts: string[] = [];
  let rest = Math.round(ms);
  const days = Math.floor(rest / DAY); rest -= days * DAY;
  const hours = Math.floor(rest / HOUR); rest -= hours * HOUR;
  const mins = Math.floor(rest / MIN); rest -= mins * MIN;
  const secs = Math.round(rest / 1000);
  const p = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (days) parts.push(p(days, 'day'));
  if (hours) parts.push(p(hours, 'hour'));
  if (mins && !days) parts.push(p(mins, 'minute'));
  if (secs && !days && !hours) parts.push(p(secs, 'second'));
  return parts.slice(0, 2).join(' ') || '0 seconds';
}

/** Shortest Go form in hours/minutes: 2160h, 1h30m, 5m. */
export function formatGoDuration(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}


/**
 * When cert-manager renews a certificate whose real lifetime (notAfter - notBefore) is `realMs`
 * (its RenewalTime, cert-manager PR #4040/#4092): renewBefore when it is shorter than the real
 * lifetime, else a third of the lifetime before expiry. Returns the time from issuance to renewal.
 */
export function renewAfterMs(realMs: number, renewBeforeMs: number | undefined): number {
  return renewBeforeMs !== undefined && renewBeforeMs < realMs ? realMs - renewBeforeMs : (realMs * 2) / 3;
}

/** Renewal within this long of issuance is a loop (cert-manager's smallest renewBefore is 5m). */
export const LOOP_MS = 5 * 60_000;

/** Whether a renewBefore on a fixed real lifetime makes cert-manager renew right after each issuance. */
export function isRenewalLoop(realMs: number, renewBeforeMs: number | undefined): boolean {
  return renewBeforeMs !== undefined && renewBeforeMs < realMs && renewAfterMs(realMs, renewBeforeMs) <= LOOP_MS;
}
