// Validity in words, relative to an injected "now".
import type { PkiObject } from './model';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** ISO 8601 UTC without milliseconds: 2026-12-16T10:00:00Z. */
export function isoUtc(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const YEAR = 365.25 * DAY;

/** A span in words: "10 years", "18 months" (from a year up), "23 days", "5 hours", "3 minutes". */
export function span(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 2 * YEAR - DAY) {
    const y = Math.round(abs / YEAR);
    return `${y} years`;
  }
  if (abs >= 365 * DAY) {
    const m = Math.round(abs / (YEAR / 12));
    return `${m} months`;
  }
  if (abs >= DAY) {
    const days = Math.floor(abs / DAY);
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  if (abs >= HOUR) {
    const h = Math.floor(abs / HOUR);
    return `${h} hour${h === 1 ? '' : 's'}`;
  }
  const m = Math.max(1, Math.floor(abs / 60000));
  return `${m} minute${m === 1 ? '' : 's'}`;
}

export type ValidityState = 'expired' | 'not-yet-valid' | 'expiring' | 'valid';

export interface Validity {
  state: ValidityState;
  /** "expires in 23 days (2026-12-16)", "EXPIRED 4 days ago", "not valid until 2099-01-01 (in 26 years)". */
  text: string;
  /** Tree description: "23 days left", "expired 4 days ago", "not yet valid". */
  short: string;
  msLeft: number;
}

/**
 * When a certificate starts to count as expiring: the later of "a third of its lifetime left"
 * (when cert-manager renews by default) and `warningDays` before expiry. So a fresh 24-hour
 * certificate is not expiring (its window is 8 hours), a 90-day one with 10 days left is, and a
 * 10-year CA is from `warningDays` before its expiry.
 */
export function expiryWindowMs(notBefore: Date, notAfter: Date, warningDays: number): number {
  const lifetime = Math.max(0, notAfter.getTime() - notBefore.getTime());
  return Math.min(lifetime / 3, Math.max(0, warningDays) * DAY);
}

export function validity(notBefore: Date, notAfter: Date, now: Date, warningDays: number): Validity {
  const left = notAfter.getTime() - now.getTime();
  if (left <= 0) {
    return { state: 'expired', text: `EXPIRED ${span(left)} ago (${isoDate(notAfter)})`, short: `expired ${span(left)} ago`, msLeft: left };
  }
  const until = notBefore.getTime() - now.getTime();
  if (until > 0) {
    return { state: 'not-yet-valid', text: `not valid until ${isoDate(notBefore)} (in ${span(until)})`, short: `not valid for ${span(until)}`, msLeft: left };
  }
  return {
    state: left <= expiryWindowMs(notBefore, notAfter, warningDays) ? 'expiring' : 'valid',
    text: `expires in ${span(left)} (${isoDate(notAfter)})`,
    short: `${span(left)} left`,
    msLeft: left,
  };
}

/** Validity of any object that has one (certificates; CRLs by their next update). */
export function objectValidity(o: PkiObject, now: Date, warningDays: number): Validity | undefined {
  if (o.type === 'certificate') return validity(o.notBefore, o.notAfter, now, warningDays);
  if (o.type === 'crl' && o.nextUpdate) {
    const v = validity(o.thisUpdate, o.nextUpdate, now, warningDays);
    if (v.state === 'expired') return { ...v, text: `STALE: next update was due ${span(v.msLeft)} ago (${isoDate(o.nextUpdate)})`, short: 'stale' };
    return { ...v, text: `next update in ${span(v.msLeft)} (${isoDate(o.nextUpdate)})`, short: `next update in ${span(v.msLeft)}` };
  }
  return undefined;
}
