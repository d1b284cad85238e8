// Chain building: from a certificate up to a trust anchor, through an untrusted pool, by
// issuer/subject names (compared as RFC 5280 section 7.1) and key identifiers, trying
// alternatives depth-first (as Go's buildChains), within fixed bounds so a hostile pool of
// cross-signed certificates cannot make it explode.
import type { CertificateInfo } from '../model';
import { inheritDsaParameters } from '../spki';
import type { SignatureVerifier } from '../verify';
import { certFacts } from './facts';

export const MAX_CHAIN_LENGTH = 12;
/** Candidate issuers looked at per certificate, and signatures checked per build, at most. */
const MAX_CANDIDATES = 16;
const MAX_SIGNATURE_CHECKS = 200;
/** Partial chains extended per build, at most (cached signatures cost nothing, paths still do). */
const MAX_STEPS = 1000;

/** Certificates indexed by normalized subject name. */
export class CertPool {
  private readonly byName = new Map<string, CertificateInfo[]>();
  private readonly shas = new Set<string>();

  /** `parent`: a pool this one extends without copying it (a leaf's own bundle over the shared pool). */
  constructor(certs: Iterable<CertificateInfo> = [], private readonly parent?: CertPool) {
    for (const c of certs) this.add(c);
  }

  add(c: CertificateInfo): void {
    if (this.has(c)) return;
    this.shas.add(c.sha256);
    const k = certFacts(c).subjectKey;
    const list = this.byName.get(k);
    if (list) list.push(c); else this.byName.set(k, [c]);
  }

  has(c: CertificateInfo): boolean {
    return this.shas.has(c.sha256) || !!this.parent?.has(c);
  }

  bySubject(key: string): CertificateInfo[] {
    const own = this.byName.get(key) ?? [];
    return this.parent ? [...own, ...this.parent.bySubject(key)] : own;
  }

  get size(): number {
    return this.shas.size + (this.parent?.size ?? 0);
  }
}

/**
 * Thrown by a synchronous pass that needs a signature result an asynchronous verifier has not
 * given yet: the caller awaits `SignatureCache.settle()` and runs the pass again (every result
 * then comes from the cache, so each pass takes the same path as far as the previous one went).
 */
export const PENDING: unique symbol = Symbol('signature check pending');

type Result = boolean | undefined;

/**
 * Signature results per (issuer, subject) pair, shared across validations. Chain building and
 * the checks run synchronously and read results here: with a synchronous verifier (the `verify`
 * command: node:crypto on the calling thread) a validation never makes a promise; with an
 * asynchronous one (WebCrypto) a pass that meets an unknown result throws PENDING after starting
 * the checks it can, and runs again once they are in. Measured on the bench's 1,000 leaves,
 * the promise per check and per chain step of the earlier all-async version cost about a
 * fifth of the garbage collected.
 */
export class SignatureCache {
  /** By issuer key (its fingerprint, and for DSA the one its parameters came from), then subject fingerprint. */
  private readonly results = new Map<string, Map<string, Result>>();
  /** The checks under way, by issuer key + subject fingerprint (each removes itself when its result is in). */
  private readonly inFlight = new Map<string, Promise<void>>();
  checks = 0;
  constructor(private readonly verify: SignatureVerifier) {}

  /**
   * The result, or PENDING when an asynchronous check of it is under way (started here if new).
   * `above`: the issuer's own issuers, nearest first, for DSA keys that inherit their parameters.
   */
  result(issuer: CertificateInfo, subject: CertificateInfo, above: readonly CertificateInfo[] = []): Result | typeof PENDING {
    let spki = issuer.publicKey.spki;
    let ik = issuer.sha256;
    if (issuer.publicKey.algorithm === 'DSA') {
      for (const a of above) {
        const inherited = inheritDsaParameters(spki, a.publicKey.spki);
        if (inherited) { spki = inherited; ik += a.sha256; break; }
        if (a.publicKey.algorithm !== 'DSA') break;
      }
    }
    let bySubject = this.results.get(ik);
    if (!bySubject) this.results.set(ik, (bySubject = new Map()));
    const k = subject.sha256;
    if (bySubject.has(k)) return bySubject.get(k);
    if (this.inFlight.has(ik + k)) return PENDING;
    this.checks++;
    let r: ReturnType<SignatureVerifier>;
    try {
      r = this.verify(spki, { tbs: subject.tbs, signature: subject.signature, signatureValue: subject.signatureValue, signatureParams: subject.signatureParams });
    } catch {
      r = undefined;
    }
    if (!(r instanceof Promise)) { bySubject.set(k, r); return r; }
    const results = bySubject;
    this.inFlight.set(ik + k, r.then((v) => v, () => undefined).then((v) => { results.set(k, v); this.inFlight.delete(ik + k); }));
    return PENDING;
  }

  /**
   * Resolves once every check under way has its result. Validations side by side share the
   * checks: one waiting here also waits for those another started (never for none while a
   * result it needs is still out, which would spin).
   */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight.values());
  }
}

export interface Candidate {
  /** Leaf first; the last element is the anchor when `anchored`. */
  chain: CertificateInfo[];
  anchored: boolean;
}

/** AKI matches SKI first, then certificates without key ids, then mismatches (Go's order). */
function keyIdRank(child: CertificateInfo, parent: CertificateInfo): number {
  if (!child.authorityKeyId || !parent.subjectKeyId) return 1;
  return child.authorityKeyId === parent.subjectKeyId ? 0 : 2;
}

function sameKeyAndName(a: CertificateInfo, b: CertificateInfo): boolean {
  return certFacts(a).subjectKey === certFacts(b).subjectKey && a.publicKey.keyMaterialHex === b.publicKey.keyMaterialHex;
}

/**
 * Every chain from `leaf` upward, handed to `visit` one at a time: anchored chains whose
 * signatures check come first; a chain is handed over unanchored when its top has no issuer in
 * either pool. `visit` returns true to stop (the caller validates each chain and stops at the
 * first that holds). Synchronous; throws PENDING (see SignatureCache) when a result is not in
 * yet. `checksAtStart`: `sigs.checks` when the first pass for this leaf began, so the budget
 * of signature checks holds across passes.
 */
export function buildChains(
  leaf: CertificateInfo, anchors: CertPool, intermediates: CertPool, sigs: SignatureCache,
  visit: (c: Candidate) => boolean, checksAtStart = sigs.checks,
): void {
  let steps = 0;
  let stop = false;
  /** Returns whether it handed over at least one chain. */
  function extend(chain: CertificateInfo[]): boolean {
    const top = chain[chain.length - 1];
    steps++;
    if (anchors.has(top)) { stop = visit({ chain, anchored: true }); return true; }
    if (chain.length >= MAX_CHAIN_LENGTH) { stop = visit({ chain, anchored: false }); return true; }
    const key = certFacts(top).issuerKey;
    const raw: { c: CertificateInfo; trusted: number }[] = [];
    for (const c of anchors.bySubject(key)) raw.push({ c, trusted: 0 });
    for (const c of intermediates.bySubject(key)) if (!anchors.has(c)) raw.push({ c, trusted: 1 });
    const fresh = raw.filter(({ c }) => !chain.some((x) => x.sha256 === c.sha256 || sameKeyAndName(x, c)));
    if (fresh.length > 1) fresh.sort((a, b) => keyIdRank(top, a.c) - keyIdRank(top, b.c) || a.trusted - b.trusted);
    const cands = fresh.length > MAX_CANDIDATES ? fresh.slice(0, MAX_CANDIDATES) : fresh;
    const good: CertificateInfo[] = [];
    const bad: CertificateInfo[] = [];
    let pending = false;
    for (const { c } of cands) {
      if (sigs.checks - checksAtStart >= MAX_SIGNATURE_CHECKS || steps >= MAX_STEPS) break;
      // Every candidate's check is started before waiting: an asynchronous verifier runs them side by side.
      const r = sigs.result(c, top);
      if (r === PENDING) pending = true;
      else (r === true ? good : bad).push(c);
    }
    if (pending) throw PENDING;
    let handed = false;
    for (const c of good.concat(bad)) {
      if (stop) return true;
      if (extend(chain.concat([c]))) handed = true;
    }
    if (!handed && !stop) { stop = visit({ chain, anchored: false }); return true; }
    return handed;
  }
  extend([leaf]);
}
