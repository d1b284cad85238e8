// The certificate builder: TBSCertificate with the extensions real verifiers demand, signed by
// the issuer's key (or the subject's own, for a root). RFC 5280 details live here:
// random positive serial, SKI everywhere and AKI on issued certificates, critical
// basicConstraints and keyUsage, EKU per profile, SAN critical for an empty subject,
// UTCTime/GeneralizedTime by year, backdated notBefore, SHA-256 or better signatures.
import { bitString, bool, ctx, ia5, int, namedBits, octets, oid, seq, time, uint } from './der-writer';
import { AuthorError, AuthorKey, keyIdentifier, sign, signatureAlgorithm } from './keys';
import { generalNames, normalizeSans, SanInput, sanCount } from './names';
import { CA_KEY_USAGE, leafKeyUsage, Profile, PROFILES } from './profiles';
import { randomSerial } from './serial';
import type { KeyAlgorithm } from './keys';

const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
};

/** How far notBefore is set back, for peers whose clocks run behind. */
export const BACKDATE_MS = 5 * 60 * 1000;

export function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

/** The signing side of an issued certificate. */
export interface IssuerInfo {
  /** DER Name of the issuer: copied byte for byte into the certificate's issuer field. */
  subjectDer: Uint8Array;
  /** The issuer's subject key identifier (becomes our AKI). */
  keyId: Uint8Array;
  key: AuthorKey;
  notAfter?: Date;
  /** The issuer's path length constraint (null: none). */
  pathLength?: number | null;
}

export interface CaOptions {
  /** basicConstraints pathLenConstraint; undefined leaves it unlimited. */
  pathLength?: number;
  /** Permitted DNS subtrees, e.g. `.svc.cluster.local` or `example.com`. */
  permittedDns?: string[];
}

export interface CertificateRequest {
  /** DER Name (see buildName); an empty SEQUENCE for an empty subject. */
  subject: Uint8Array;
  /** Subject public key (DER SubjectPublicKeyInfo) and its algorithm. */
  spki: Uint8Array;
  keyAlgorithm: KeyAlgorithm;
  san?: SanInput;
  /** A CA certificate when set; an end-entity certificate of `profile` otherwise. */
  ca?: CaOptions;
  profile?: Profile;
  /** Validity length from now (ms). notBefore is backdated by BACKDATE_MS. */
  validityMs: number;
  /** Clamp notAfter to the issuer's notAfter instead of refusing. Default true. */
  clampToIssuer?: boolean;
  now?: Date;
  serial?: Uint8Array;
}

export interface BuiltCertificate {
  der: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** Notes for the user (e.g. validity clamped to the issuer's). Never key material. */
  notes: string[];
}

const EMPTY_NAME_LENGTH = 2; // 30 00

const seconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/**
 * Builds and signs a certificate. `issuer` undefined means self-signed with `selfKey`
 * (whose public key must be `req.spki`).
 */
export async function buildCertificate(req: CertificateRequest, issuer: IssuerInfo | undefined, selfKey?: AuthorKey): Promise<BuiltCertificate> {
  const notes: string[] = [];
  if (!issuer && !selfKey) throw new AuthorError('a self-signed certificate needs its own key');
  if (!Number.isFinite(req.validityMs) || req.validityMs < 60_000) throw new AuthorError('validity must be at least one minute');
  const signer = issuer?.key ?? selfKey!;
  if (issuer && issuer.pathLength === 0 && req.ca) {
    throw new AuthorError('the issuing CA has path length 0: it may only issue end-entity certificates, not another CA');
  }
  if (issuer && req.ca?.pathLength !== undefined && issuer.pathLength != null && req.ca.pathLength >= issuer.pathLength) {
    throw new AuthorError(`path length ${req.ca.pathLength} is not below the issuing CA's path length ${issuer.pathLength}`);
  }
  const now = seconds(req.now ?? new Date());
  const notBefore = new Date(now.getTime() - BACKDATE_MS);
  let notAfter = seconds(new Date(now.getTime() + req.validityMs));
  if (issuer?.notAfter && notAfter > issuer.notAfter) {
    if (req.clampToIssuer === false) throw new AuthorError(`the certificate would outlive its issuer (which expires ${issuer.notAfter.toISOString()})`);
    notAfter = seconds(issuer.notAfter);
    notes.push(`validity shortened to the issuing CA's expiry (${notAfter.toISOString()})`);
  }
  if (notAfter <= now) throw new AuthorError('the issuing CA has expired');
  const san = normalizeSans(req.san ?? {});
  const emptySubject = req.subject.length <= EMPTY_NAME_LENGTH;
  if (emptySubject && sanCount(san) === 0) throw new AuthorError('a certificate needs a common name or at least one subject alternative name');
  if (req.ca && emptySubject) throw new AuthorError('a CA certificate needs a subject name (common name)');

  const ski = await keyIdentifier(req.spki);
  const exts: Uint8Array[] = [];
  if (req.ca) {
    const pl = req.ca.pathLength;
    if (pl !== undefined && (!Number.isInteger(pl) || pl < 0 || pl > 10)) throw new AuthorError('path length must be a whole number from 0 to 10');
    exts.push(extension(EXT.basicConstraints, true, seq(bool(true), ...(pl !== undefined ? [int(pl)] : []))));
    exts.push(extension(EXT.keyUsage, true, namedBits(CA_KEY_USAGE)));
  } else {
    const profile = req.profile ?? 'mtls';
    exts.push(extension(EXT.basicConstraints, true, seq()));
    exts.push(extension(EXT.keyUsage, true, namedBits(leafKeyUsage(req.keyAlgorithm))));
    exts.push(extension(EXT.extKeyUsage, false, seq(...PROFILES[profile].eku.map(oid))));
  }
  exts.push(extension(EXT.subjectKeyIdentifier, false, octets(ski)));
  if (issuer) exts.push(extension(EXT.authorityKeyIdentifier, false, seq(ctx(0, false, issuer.keyId))));
  if (sanCount(san)) exts.push(extension(EXT.subjectAltName, emptySubject, generalNames(san)));
  const permitted = (req.ca?.permittedDns ?? []).map((d) => d.trim().toLowerCase()).filter(Boolean);
  if (permitted.length) {
    for (const d of permitted) {
      if (!/^\.?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(d)) throw new AuthorError(`not a DNS name constraint: ${JSON.stringify(d)}`);
    }
    // GeneralSubtree ::= SEQUENCE { base GeneralName (dNSName [2] IMPLICIT IA5String), minimum DEFAULT 0 }
    const subtrees = permitted.map((d) => { const n = ia5(d).slice(); n[0] = 0x82; return seq(n); });
    exts.push(extension(EXT.nameConstraints, true, seq(ctx(0, true, ...subtrees))));
  }

  const algId = signatureAlgorithm(signer);
  const tbs = seq(
    ctx(0, true, int(2)), // v3
    uint(req.serial ?? randomSerial()),
    algId,
    issuer?.subjectDer ?? req.subject,
    seq(time(notBefore), time(notAfter)),
    req.subject,
    req.spki,
    ctx(3, true, seq(...exts)),
  );
  const signature = await sign(signer, tbs);
  return { der: seq(tbs, algId, bitString(signature)), notBefore, notAfter, notes };
}

export { EXT as EXTENSION_OIDS };
