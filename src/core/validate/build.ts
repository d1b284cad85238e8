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

/** Signature results per (issuer, subject) pair, shared across validations. */
export class SignatureCache {
  /** Results, or the check under way: validations running side by side share one check of a shared link. */
  /** By issuer key (its fingerprint, and for DSA the one its parameters came from), then subject fingerprint. */
  private readonly results = new Map<string, Map<string, boolean | undefined | Promise<boolean | undefined>>>();
  checks = 0;
  constructor(private readonly verify: SignatureVerifier) {}

  /** `above`: the issuer's own issuers, nearest first, for DSA keys that inherit their parameters. */
  async check(issuer: CertificateInfo, subject: CertificateInfo, above: readonly CertificateInfo[] = []): Promise<boolean | undefined> {
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
    const results = bySubject;
    if (results.has(k)) return results.get(k);
    this.checks++;
    const pending = (async () => {
      try {
        return await this.verify(spki, {
          tbs: subject.tbs, signature: subject.signature, signatureValue: subject.signatureValue, signatureParams: subject.signatureParams,
        });
      } catch {
        return undefined;
      }
    })();
    results.set(k, pending);
    const r = await pending;
    results.set(k, r);
    return r;
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
 * first that holds). Plain recursion, not async generators: this runs once per leaf.
 */
export async function buildChains(
  leaf: CertificateInfo, anchors: CertPool, intermediates: CertPool, sigs: SignatureCache,
  visit: (c: Candidate) => Promise<boolean>,
): Promise<void> {
  const start = sigs.checks;
  let steps = 0;
  let stop = false;
  /** Returns whether it handed over at least one chain. */
  async function extend(chain: CertificateInfo[]): Promise<boolean> {
    const top = chain[chain.length - 1];
    steps++;
    if (anchors.has(top)) { stop = await visit({ chain, anchored: true }); return true; }
    if (chain.length >= MAX_CHAIN_LENGTH) { stop = await visit({ chain, anchored: false }); return true; }
    const key = certFacts(top).issuerKey;
    const raw: { c: CertificateInfo; trusted: number }[] = [];
    for (const c of anchors.bySubject(key)) raw.push({ c, trusted: 0 });
    for (const c of intermediates.bySubject(key)) if (!anchors.has(c)) raw.push({ c, trusted: 1 });
    const fresh = raw.filter(({ c }) => !chain.some((x) => x.sha256 === c.sha256 || sameKeyAndName(x, c)));
    if (fresh.length > 1) fresh.sort((a, b) => keyIdRank(top, a.c) - keyIdRank(top, b.c) || a.trusted - b.trusted);
    const cands = fresh.length > MAX_CANDIDATES ? fresh.slice(0, MAX_CANDIDATES) : fresh;
    const good: CertificateInfo[] = [];
    const bad: CertificateInfo[] = [];
    for (const { c } of cands) {
      if (sigs.checks - start >= MAX_SIGNATURE_CHECKS || steps >= MAX_STEPS) break;
      ((await sigs.check(c, top)) === true ? good : bad).push(c);
    }
    let handed = false;
    for (const c of good.concat(bad)) {
      if (stop) return true;
      if (await extend(chain.concat([c]))) handed = true;
    }
    if (!handed && !stop) { stop = await visit({ chain, anchored: false }); return true; }
    return handed;
  }
  await extend([leaf]);
}
