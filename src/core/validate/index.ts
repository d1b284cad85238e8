// RFC 5280 section 6 path validation, as Go's crypto/x509 and `openssl verify -x509_strict` do
// it: chain building (build.ts), then for each certificate of the chain its validity at a
// given time, its signature by the next, basicConstraints and pathLenConstraint, keyCertSign,
// name constraints (name-constraints.ts), extended key usage along the chain (eku.ts),
// unhandled critical extensions, and the host name or IP of the leaf (hostname.ts).
// Written by hand: no maintained pure-JS path validator covers these rules without pulling in
// its own crypto and ASN.1 stack; crypto stays injected (SignatureVerifier).
import type { CertificateInfo } from '../model';
import type { SignatureVerifier, SyncSignatureVerifier } from '../verify';
import { buildChains, CertPool, MAX_CHAIN_LENGTH, PENDING, SignatureCache, type Candidate } from './build';
import { ekuAllows, PURPOSE_OIDS, type Purpose } from './eku';
import { certFacts } from './facts';
import { matchesName } from './hostname';
import { checkNameConstraints, constrainedNames } from './name-constraints';

export { CertPool } from './build';
export { checkNameConstraints, constrainedNames } from './name-constraints';
export type { NameConstraintViolation } from './name-constraints';
export { certFacts, type GeneralName, type NameConstraints } from './facts';
export { matchesName, matchHostnamePattern, parseIp } from './hostname';
export type { Purpose } from './eku';

/** Stable codes (CLI --json, diagnostics): add, never rename. */
export type ValidationCode =
  | 'expired'
  | 'not-yet-valid'
  | 'signature-invalid'
  | 'unsupported-signature'
  | 'unknown-issuer'
  | 'untrusted-root'
  | 'chain-too-long'
  | 'not-a-ca'
  | 'path-length-exceeded'
  | 'key-cert-sign-missing'
  | 'name-constraint-violation'
  | 'eku-mismatch'
  | 'unhandled-critical-extension'
  | 'malformed-extension'
  | 'hostname-mismatch';

export interface ValidationError {
  /** 0 for the certificate validated, 1 for its issuer, ... */
  depth: number;
  code: ValidationCode;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  /** Leaf first; ends at the trust anchor when one was reached. */
  chain: CertificateInfo[];
  errors: ValidationError[];
}

export interface ValidationOptions {
  /** Trusted certificates: a chain ends at any of them (self-signed or not), as Go's roots pool. */
  anchors: Iterable<CertificateInfo> | CertPool;
  /** Untrusted certificates that may serve as intermediates. */
  intermediates?: Iterable<CertificateInfo> | CertPool;
  verify: SignatureVerifier;
}

export interface ValidateRequest {
  /** Validity is checked at this time. */
  at: Date;
  /** Extended key usage required along the chain; none checked when absent. */
  purpose?: Purpose;
  /** Host name or IP address the leaf must be valid for. */
  name?: string;
  /** More untrusted certificates for this request only (the rest of a leaf's bundle). */
  extra?: CertificateInfo[];
}

const ISO = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** What `chainErrors` checks a chain for. */
export interface ChainCheck {
  /** Validity is checked at this time; not at all when absent. */
  at?: Date;
  purpose?: Purpose;
  name?: string;
  /** The chain ends at a trust anchor (a v1 anchor then counts as a CA). */
  anchored: boolean;
  /** Signature results found elsewhere, by depth (the certificate at i, checked with the key at i + 1). */
  signatures?: Array<boolean | undefined | null>;
}

/**
 * The checks of RFC 5280 section 6.1 on one chain (leaf first) that need no cryptography:
 * validity, basicConstraints and path length, keyCertSign, name constraints, extended key usage,
 * unhandled critical extensions and the host name; signature results come in `signatures`
 * (null: not checked). Synchronous, so the Certificates view, the diagnostics and authoring run
 * the same validation on chains they built themselves (with signatures already checked there).
 */
export function chainErrors(chain: CertificateInfo[], req: ChainCheck): ValidationError[] {
  const errors: ValidationError[] = [];
  const err = (depth: number, code: ValidationCode, message: string) => errors.push({ depth, code, message });
  const n = chain.length - 1;
  const at = req.at?.getTime();
  for (let i = 0; i <= n; i++) {
    const c = chain[i];
    const f = certFacts(c);
    const isAnchor = req.anchored && i === n;
    if (f.malformed) err(i, 'malformed-extension', f.malformed);
    if (at !== undefined && at > c.notAfter.getTime()) err(i, 'expired', `expired at ${ISO(c.notAfter)} (checked at ${ISO(req.at!)})`);
    if (at !== undefined && at < c.notBefore.getTime()) err(i, 'not-yet-valid', `not valid before ${ISO(c.notBefore)} (checked at ${ISO(req.at!)})`);
    if (i < n) {
      const ok = req.signatures?.[i];
      if (ok === false) err(i, 'signature-invalid', `signature does not verify with the key of ${chain[i + 1].subject.rfc4514 || '(empty subject)'}`);
      else if (ok === undefined && req.signatures) err(i, 'unsupported-signature', `signature algorithm ${c.signature.name} with a ${chain[i + 1].publicKey.algorithm} key cannot be checked`);
    }
    for (const oid of f.unhandledCritical) err(i, 'unhandled-critical-extension', `unhandled critical extension ${oid}`);
    if (i > 0) {
      // A v1 self-signed trust anchor has no extensions to say it is a CA (openssl accepts it as one).
      const v1Anchor = isAnchor && c.version === 1;
      if (!c.isCA && !v1Anchor) err(i, 'not-a-ca', f.hasBasicConstraints ? 'issues certificates but basicConstraints says CA:FALSE' : 'issues certificates but has no basicConstraints CA:TRUE');
      if (f.hasKeyUsage && !c.keyUsage.includes('cert sign')) err(i, 'key-cert-sign-missing', 'issues certificates but its keyUsage lacks keyCertSign');
      if (c.isCA && c.pathLength !== null) {
        let below = 0;
        for (let j = 1; j < i; j++) if (!certFacts(chain[j]).selfIssued) below++;
        if (below > c.pathLength) err(i, 'path-length-exceeded', `pathLenConstraint ${c.pathLength} allows ${c.pathLength} intermediate CA${c.pathLength === 1 ? '' : 's'} below it; the chain has ${below}`);
      }
      if (f.nameConstraints) {
        for (let j = 0; j < i; j++) {
          const sub = chain[j];
          // Self-issued intermediates are exempt (RFC 5280 6.1.3 b); the leaf never is.
          if (j > 0 && certFacts(sub).selfIssued) continue;
          const v = checkNameConstraints(f.nameConstraints, constrainedNames(sub.subject, certFacts(sub).sans, j === 0));
          if (v) err(j, 'name-constraint-violation', `${v.message}, in the name constraints of ${c.subject.rfc4514 || '(empty subject)'}`);
        }
      }
    }
    if (req.purpose && !ekuAllows(f.eku, req.purpose)) {
      err(i, 'eku-mismatch', `extended key usage does not allow ${req.purpose === 'server' ? 'serverAuth' : 'clientAuth'} (${PURPOSE_OIDS[req.purpose]})${i > 0 ? ': a CA with extended key usages restricts every certificate below it' : ''}`);
    }
  }
  if (req.name !== undefined && !matchesName(certFacts(chain[0]).sans, req.name)) {
    const sans = certFacts(chain[0]).sans.filter((s) => s.type === 'dns' || s.type === 'ip').length;
    err(0, 'hostname-mismatch', `not valid for ${req.name}${sans ? '' : ': the certificate has no DNS or IP subjectAltName (the common name is not used)'}`);
  }
  return errors;
}

/** The TLS purposes a certificate's extended key usage names (none: it names neither). */
export function purposesOf(c: CertificateInfo): Purpose[] {
  const eku = certFacts(c).eku ?? [];
  return (['server', 'client'] as const).filter((p) => eku.includes(PURPOSE_OIDS[p]));
}

/**
 * Why a chain built elsewhere (leaf first, signatures already checked) does not validate at
 * `at`: `chainErrors` with no purpose, and with each TLS purpose the leaf names (so a CA whose
 * extended key usage leaves out the leaf's is reported, as Go reports it). One list, no repeats.
 */
export function chainProblems(chain: CertificateInfo[], at: Date | undefined, anchored: boolean): ValidationError[] {
  const out: ValidationError[] = [];
  const seen = new Set<string>();
  for (const purpose of [undefined, ...purposesOf(chain[0])]) {
    for (const e of chainErrors(chain, { at, purpose, anchored })) {
      const k = `${e.depth}\u0000${e.code}\u0000${e.message}`;
      if (!seen.has(k)) { seen.add(k); out.push(e); }
    }
  }
  return out.sort((a, b) => a.depth - b.depth);
}

/** "CA CN=inter (the issuer): keyUsage lacks keyCertSign (key-cert-sign-missing)": one problem in words. */
export function describeProblem(chain: CertificateInfo[], e: ValidationError): string {
  const c = chain[e.depth];
  const who = e.depth === 0 ? '' : `${c.isCA ? 'CA' : 'issuer'} ${c.subject.rfc4514 || '(empty subject)'} (${e.depth === 1 ? 'the issuer' : `${e.depth} levels up`}): `;
  return `${who}${e.message} (${e.code})`;
}

/** The checks of RFC 5280 section 6.1 on one candidate chain; signatures through the cache (may throw PENDING). */
function check(cand: Candidate, req: ValidateRequest, sigs: SignatureCache): ValidationError[] {
  const { chain, anchored } = cand;
  const n = chain.length - 1;
  const signatures: Array<boolean | undefined> = [];
  let pending = false;
  // The issuers above each issuer matter only to a DSA key (parameter inheritance): no copy otherwise.
  for (let i = 0; i < n; i++) {
    const r = sigs.result(chain[i + 1], chain[i], chain[i + 1].publicKey.algorithm === 'DSA' ? chain.slice(i + 2) : undefined);
    if (r === PENDING) pending = true;
    else signatures.push(r);
  }
  if (pending) throw PENDING;
  const errors = chainErrors(chain, { at: req.at, purpose: req.purpose, name: req.name, anchored, signatures });
  const err = (depth: number, code: ValidationCode, message: string) => errors.push({ depth, code, message });
  if (!anchored) {
    const top = chain[n];
    let selfSignature: boolean | undefined | typeof PENDING;
    if (n + 1 >= MAX_CHAIN_LENGTH) err(n, 'chain-too-long', `no trust anchor within ${MAX_CHAIN_LENGTH} certificates`);
    else if (certFacts(top).selfIssued && (selfSignature = sigs.result(top, top)) !== false) {
      if (selfSignature === PENDING) throw PENDING;
      err(n, 'untrusted-root', 'self-signed certificate is not among the trusted roots');
    } else err(n, 'unknown-issuer', `issuer ${top.issuer.rfc4514 || '(empty)'} is neither a trusted root nor among the untrusted certificates`);
  }
  errors.sort((a, b) => a.depth - b.depth);
  return errors;
}

type Validate = (leaf: CertificateInfo, req: ValidateRequest, checksAtStart: number) => ValidationResult;

/** One synchronous pass over `leaf`'s chains (throws PENDING when an asynchronous result is missing). */
function passes(opts: ValidationOptions, sigs: SignatureCache): Validate {
  const anchors = opts.anchors instanceof CertPool ? opts.anchors : new CertPool(opts.anchors);
  const base = opts.intermediates instanceof CertPool ? opts.intermediates : new CertPool(opts.intermediates ?? []);
  return (leaf, req, checksAtStart) => {
    const pool = req.extra?.length ? new CertPool(req.extra, base) : base;
    let first: ValidationResult | undefined;
    let firstPartial: ValidationResult | undefined;
    let valid: ValidationResult | undefined;
    buildChains(leaf, anchors, pool, sigs, (cand) => {
      const errors = check(cand, req, sigs);
      const r = { valid: errors.length === 0, chain: cand.chain, errors };
      if (r.valid) { valid = r; return true; }
      if (cand.anchored) first ??= r;
      else if (!firstPartial || cand.chain.length > firstPartial.chain.length) firstPartial = r;
      return false;
    }, checksAtStart);
    return valid ?? first ?? firstPartial!;
  };
}

/**
 * A validator over fixed anchors and intermediates (indexed once), for many leaves: signature
 * results are shared, so 1,000 leaves of one CA check the CA's own signatures once. Each
 * validation runs synchronous passes (see SignatureCache) until every result it needs is in.
 */
export function createValidator(opts: ValidationOptions): (leaf: CertificateInfo, req: ValidateRequest) => Promise<ValidationResult> {
  const sigs = new SignatureCache(opts.verify);
  const pass = passes(opts, sigs);
  return async (leaf, req) => {
    const checksAtStart = sigs.checks;
    for (;;) {
      try {
        return pass(leaf, req, checksAtStart);
      } catch (e) {
        if (e !== PENDING) throw e;
      }
      await sigs.settle();
    }
  };
}

/** `createValidator` for a synchronous verifier: no promise at all (the `verify` command over thousands of files). */
export function createSyncValidator(opts: ValidationOptions & { verify: SyncSignatureVerifier }): (leaf: CertificateInfo, req: ValidateRequest) => ValidationResult {
  const sigs = new SignatureCache(opts.verify);
  const pass = passes(opts, sigs);
  // A synchronous verifier never leaves a result pending, so a pass never throws PENDING.
  return (leaf, req) => pass(leaf, req, sigs.checks);
}

/** One-off validation of `leaf`. */
export async function validatePath(leaf: CertificateInfo, opts: ValidationOptions & ValidateRequest): Promise<ValidationResult> {
  return createValidator(opts)(leaf, opts);
}
