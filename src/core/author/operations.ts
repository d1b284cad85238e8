// The authoring operations the command palette and the CLI share: create a CA, issue a
// certificate, create a CSR, sign a CSR. Each returns the file contents to write; writing (and
// refusing to overwrite) is the caller's job, so the core stays free of I/O.
import { toPem } from '../bytes';
import { buildCertificate, CaOptions } from './certificate';
import { buildCsr, csrKeyAlgorithm, verifyCsr } from './csr';
import { AuthorError, AuthorKey, CancelledError, generateKey, KeyType } from './keys';
import { Ca, certificatePem, leafChainPem, readCsr, trustAnchorPem } from './material';
import { buildName, normalizeSans, parseIp, SanInput } from './names';
import { chainNameViolation, cnAsDnsName, describeViolation } from '../name-constraints';
import type { CertificateInfo } from '../model';
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

function days(n: number | undefined, fallback: number): number {
  const d = n ?? fallback;
  if (!Number.isFinite(d) || d <= 0 || d > 36500) throw new AuthorError(`validity must be between 1 and 36500 days (got ${n})`);
  return d;
}

/** A root CA, or an intermediate signed by `parent`. ca.crt holds the CA, then its issuers. */
export async function createCa(o: CreateCaOptions): Promise<AuthoredFiles> {
  if (!o.commonName.trim()) throw new AuthorError('a CA needs a name (common name)');
  if (o.parent) checkNameConstraints(o.parent.chain, {}, o.commonName);
  const subject = buildName({ commonName: o.commonName, organization: o.organization });
  const validity = days(o.days, o.parent ? DEFAULT_INTERMEDIATE_DAYS : DEFAULT_CA_DAYS) * DAY_MS;
  const key = await generateKey(o.keyType, o.signal);
  check(o.signal);
  const ca: CaOptions = { pathLength: o.pathLength, permittedDns: o.permittedDns };
  const built = await buildCertificate({ subject, spki: key.spki, keyAlgorithm: key.algorithm, ca, validityMs: validity, now: o.now }, o.parent?.issuer, key);
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
  checkNameConstraints(o.ca.chain, o.san ?? {}, o.commonName);
  const key = await generateKey(o.keyType, o.signal);
  check(o.signal);
  const built = await buildCertificate(
    { subject, spki: key.spki, keyAlgorithm: key.algorithm, san: o.san, profile: o.profile, validityMs: o.validityMs ?? DEFAULT_LEAF_HOURS * HOUR_MS, now: o.now },
    o.ca.issuer,
  );
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
  checkNameConstraints(o.ca.chain, san, csr.subject.commonName);
  const built = await buildCertificate(
    { subject: csr.subject.der, spki: csr.publicKey.spki, keyAlgorithm, san, profile, validityMs: o.validityMs ?? DEFAULT_LEAF_HOURS * HOUR_MS, now: o.now },
    o.ca.issuer,
  );
  return { files: { 'tls.crt': leafChainPem(built.der, o.ca), 'ca.crt': trustAnchorPem(o.ca) }, notes: [...notes, ...built.notes], der: built.der };
}
