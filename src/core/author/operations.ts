// The authoring operations the command palette and the CLI share: create a CA, issue a
// certificate, create a CSR, sign a CSR. Each returns the file contents to write; writing (and
// refusing to overwrite) is the caller's job, so the core stays free of I/O.
import { toPem } from '../bytes';
import { buildCertificate, CaOptions } from './certificate';
import { buildCsr, csrKeyAlgorithm, verifyCsr } from './csr';
import { AuthorError, AuthorKey, CancelledError, generateKey, KeyType } from './keys';
import { Ca, certificatePem, leafChainPem, readCertificates, readCsr, trustAnchorPem } from './material';
import { buildName, normalizeSans, parseIp, SanInput } from './names';
import { chainNameViolation, cnAsDnsName, describeViolation } from '../name-constraints';
import type { CertificateInfo } from '../model';
import { chainErrors, type Purpose, type ValidationError } from '../validate';
import { Profile, profileOf } from './profiles';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_CA_DAYS = 3650;
export const DEFAULT_INTERMEDIATE_DAYS = 1825;
export const DEFAULT_LEAF_HOURS = 24;

export interface CreateCaOptions {
  commonName: string;
  organization?: string;
  keyType: KeyType;
  days?: number;
  pathLength?: number;
  permittedDns?: string[];
  /** Sign an intermediate with this CA; a self-signed root otherwise. */
  parent?: Ca;
  signal?: AbortSignal;
  now?: Date;
}

export interface AuthoredFiles {
  /** File name (ca.crt, tls.crt, ...) to PEM text. The key file is added by the caller. */
  files: Record<string, string>;
  /** The new private key, when one was generated (written by the caller, mode 0600). */
  key?: AuthorKey;
  notes: string[];
  /** DER of the new certificate (or CSR), for display. */
  der?: Uint8Array;
}

function check(signal?: AbortSignal) {
  if (signal?.aborted) throw new CancelledError();
}

/**
 * Refuses a certificate whose names a CA of `chain` (the issuer first, up to the root) does not
 * permit, as OpenSSL (error 47, "permitted subtree violation") and Go would reject it.
 * A common name counts as a DNS name when it looks like one and there are no DNS SANs.
 */
export function checkNameConstraints(chain: CertificateInfo[], san: SanInput, commonName?: string): void {
  if (!chain.some((c) => c.nameConstraints)) return;
  const n = normalizeSans(san);
  const cn = n.dns.length ? undefined : cnAsDnsName(commonName?.trim());
  const v = chainNameViolation(chain, {
    dns: cn ? [...n.dns, cn] : n.dns,
    ips: n.ips.map((text) => ({ text, bytes: parseIp(text)! })),
    emails: n.emails,
    uris: n.uris,
  });
  if (v) throw new AuthorError(`refused: ${describeViolation(v)}: verifiers (OpenSSL error 47, Go) would reject the certificate. Use names inside the constraint, or another CA`);
}

const PROFILE_PURPOSES: Record<Profile, Purpose[]> = { server: ['server'], client: ['client'], mtls: ['server', 'client'] };

function refusal(chain: CertificateInfo[], e: ValidationError, when: string): AuthorError {
  const c = chain[e.depth];
  const who = e.depth === 0 ? 'the new certificate' : `CA ${JSON.stringify(c.subject.rfc4514 || '(empty subject)')}`;
  const msg = e.code !== 'expired' || e.depth === 0 ? `${who}: ${e.message}` : when === 'now' ? `${who} expired at ${c.notAfter.toISOString()}` : `${who} expires at ${c.notAfter.toISOString()}, before ${when}`;
  return new AuthorError(`refused: ${msg} (${e.code}): verifiers (Go, OpenSSL) would reject the certificate. Use another CA, or renew this one`);
}

/**
 * Refuses to issue below a CA chain (the issuing CA first, up to the root) that the result could
 * not validate through, by the path validation of src/core/validate: a CA that has expired or is
 * not yet valid, is not a CA (CA:FALSE), lacks keyCertSign, whose path length allows no
 * (further) CA below it, whose extended key usage leaves out the profile's, or that has an
 * unhandled critical extension. Run before a key is generated.
 */
export function checkIssuingChain(chain: CertificateInfo[], o: { now?: Date; profile?: Profile; ca?: boolean }): void {
  if (!chain.length) return;
  const at = o.now ?? new Date();
  // The chain as a new certificate below the CA sees it: the CA at depth 1 (as issuer) and above.
  const stub = chain[0];
  for (const purpose of o.ca ? [undefined] : PROFILE_PURPOSES[o.profile ?? 'mtls']) {
    const errs = chainErrors([stub, ...chain], { at, purpose, anchored: true })
      .filter((e) => e.depth > 0 && e.code !== 'name-constraint-violation');
    if (errs.length) throw refusal([stub, ...chain], errs[0], 'now');
  }
  if (o.ca) {
    // A new CA below chain[0]: the path lengths of chain[0] and every CA above count one more.
    let below = 0;
    for (let i = 0; i < chain.length; i++) {
      const c = chain[i];
      if (c.isCA && c.pathLength !== null && below + 1 > c.pathLength) {
        throw new AuthorError(`refused: CA ${JSON.stringify(c.subject.rfc4514 || '(empty subject)')} has path length ${c.pathLength} (pathLenConstraint): ${c.pathLength === 0 ? 'it may only issue end-entity certificates, not another CA' : `it allows ${c.pathLength} intermediate CA${c.pathLength === 1 ? '' : 's'} below it`} (path-length-exceeded). Issue from a CA higher up, or create the CA with a larger --path-len`);
      }
      if (!c.selfSigned) below++;
    }
  }
}

/**
 * Validates the certificate just built through its CA chain at `now` and at its own notAfter
 * (so a CA above it that expires first is caught), for the profile's purposes: the last word on
 * what authoring writes. Signatures are ours; everything else is src/core/validate.
 */
export function checkIssued(der: Uint8Array, chain: CertificateInfo[], o: { now?: Date; profile?: Profile; ca?: boolean }): void {
  const built = readCertificates(toPem('CERTIFICATE', der))[0];
  if (!built) throw new AuthorError('the new certificate does not decode: nothing written');
  const full = [built, ...chain];
  const at = o.now ?? new Date();
  for (const purpose of o.ca ? [undefined] : PROFILE_PURPOSES[o.profile ?? 'mtls']) {
    for (const when of [at, built.notAfter]) {
      const errs = chainErrors(full, { at: when, purpose, anchored: true });
      if (errs.length) throw refusal(full, errs[0], when === at ? 'now' : `the new certificate does (${built.notAfter.toISOString()})`);
    }
  }
}

function days(n: number | undefined, fallback: number): number {
  const d = n ?? fallback;
  if (!Number.isFinite(d) || d <= 0 || d > 36500) throw new AuthorError(`validity must be between 1 and 36500 days (got ${n})`);
  return d;
}

/** A root CA, or an intermediate signed by `parent`. ca.crt holds the CA, then its issuers. */
export async function createCa(o: CreateCaOptions): Promise<AuthoredFiles> {
  if (!o.commonName.trim()) throw new AuthorError('a CA needs a name (common name)');
  if (o.parent) {
    checkIssuingChain(o.parent.chain, { now: o.now, ca: true });
    checkNameConstraints(o.parent.chain, {}, o.commonName);
  }
  const subject = buildName({ commonName: o.commonName, organization: o.organization });
  const validity = days(o.days, o.parent ? DEFAULT_INTERMEDIATE_DAYS : DEFAULT_CA_DAYS) * DAY_MS;
  const key = await generateKey(o.keyType, o.signal);
  check(o.signal);
  const ca: CaOptions = { pathLength: o.pathLength, permittedDns: o.permittedDns };
  const built = await buildCertificate({ subject, spki: key.spki, keyAlgorithm: key.algorithm, ca, validityMs: validity, now: o.now }, o.parent?.issuer, key);
  if (o.parent) checkIssued(built.der, o.parent.chain, { now: o.now, ca: true });
  const parentChain = o.parent ? o.parent.chain.map(certificatePem).join('') : '';
  return { files: { 'ca.crt': toPem('CERTIFICATE', built.der) + parentChain }, key, notes: built.notes, der: built.der };
}

export interface IssueOptions {
  ca: Ca;
  commonName?: string;
  organization?: string;
  san?: SanInput;
  profile?: Profile;
  validityMs?: number;
  keyType: KeyType;
  signal?: AbortSignal;
  now?: Date;
}

/** A leaf key and certificate: tls.crt (leaf, then intermediates), ca.crt (the root). */
export async function issueCertificate(o: IssueOptions): Promise<AuthoredFiles> {
  const subject = buildName({ commonName: o.commonName, organization: o.organization });
  checkIssuingChain(o.ca.chain, { now: o.now, profile: o.profile });
  checkNameConstraints(o.ca.chain, o.san ?? {}, o.commonName);
  const key = await generateKey(o.keyType, o.signal);
  check(o.signal);
  const built = await buildCertificate(
    { subject, spki: key.spki, keyAlgorithm: key.algorithm, san: o.san, profile: o.profile, validityMs: o.validityMs ?? DEFAULT_LEAF_HOURS * HOUR_MS, now: o.now },
    o.ca.issuer,
  );
  checkIssued(built.der, o.ca.chain, { now: o.now, profile: o.profile });
  return { files: { 'tls.crt': leafChainPem(built.der, o.ca), 'ca.crt': trustAnchorPem(o.ca) }, key, notes: built.notes, der: built.der };
}

export interface CsrOptions {
  commonName?: string;
  organization?: string;
  san?: SanInput;
  profile?: Profile;
  keyType: KeyType;
  signal?: AbortSignal;
}

/** A new key and a CSR for it (tls.csr). */
export async function createCsr(o: CsrOptions): Promise<AuthoredFiles> {
  const subject = buildName({ commonName: o.commonName, organization: o.organization });
  const key = await generateKey(o.keyType, o.signal);
  check(o.signal);
  return { files: { 'tls.csr': await buildCsr({ subject, san: o.san, profile: o.profile }, key) }, key, notes: [] };
}

export interface SignOptions {
  ca: Ca;
  csrText: string;
  /** Overrides the EKU the CSR asks for (default: what it asks for, else mTLS). */
  profile?: Profile;
  validityMs?: number;
  now?: Date;
}

/**
 * Signs a CSR after checking its signature. The CA decides the extensions: only the subject
 * and the SANs are taken from the request; CA requests are refused.
 */
export async function signCsr(o: SignOptions): Promise<AuthoredFiles> {
  const csr = readCsr(o.csrText);
  await verifyCsr(csr);
  if (csr.isCA) throw new AuthorError('the CSR asks for a CA certificate: sign issues end-entity certificates only (use "ca create --parent" for an intermediate)');
  const keyAlgorithm = csrKeyAlgorithm(csr);
  const notes: string[] = [];
  const profile = o.profile ?? profileOf(csr.extendedKeyUsage) ?? 'mtls';
  if (!o.profile && !profileOf(csr.extendedKeyUsage)) notes.push('the CSR asks for no server/client usage: issued for both (mTLS)');
  const san: SanInput = { dns: csr.san.dnsNames, ips: csr.san.ipAddresses, uris: csr.san.uris, emails: csr.san.emailAddresses };
  checkIssuingChain(o.ca.chain, { now: o.now, profile });
  checkNameConstraints(o.ca.chain, san, csr.subject.commonName);
  const built = await buildCertificate(
    { subject: csr.subject.der, spki: csr.publicKey.spki, keyAlgorithm, san, profile, validityMs: o.validityMs ?? DEFAULT_LEAF_HOURS * HOUR_MS, now: o.now },
    o.ca.issuer,
  );
  checkIssued(built.der, o.ca.chain, { now: o.now, profile });
  return { files: { 'tls.crt': leafChainPem(built.der, o.ca), 'ca.crt': trustAnchorPem(o.ca) }, notes: [...notes, ...built.notes], der: built.der };
}
