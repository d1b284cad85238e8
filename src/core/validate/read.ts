// Certificates read for path validation (`certwright verify` over thousands of files): the same
// DER walk, the same checks and the same accepted inputs as `decodeCertificate` (src/core/x509.ts),
// but only what validation needs is decoded up front: version, signature algorithm, names,
// validity, the public key, basicConstraints, keyUsage and the key identifiers, and the SHA-256
// fingerprint. What only a display needs (the text of every extension, the subjectAltName and
// extended key usage lists, name constraints, the serial number, the SHA-1 fingerprint) is
// decoded on first use, by the full decoders, from positions kept here. Names are decoded once
// per distinct Name (1,000 leaves of one CA share one issuer).
//
// Why not @peculiar/asn1-x509 (or @peculiar/x509, which also needs a reflect-metadata polyfill):
// their schema-driven parse builds an object for every node of every certificate. Measured on
// the bench's 1,000 ECDSA leaves in one process: AsnConvert.parse(der, Certificate) alone took
// about 800 ms, this reader (names and SHA-256 included) about 60 ms; and that parser bundles to
// ~430 KB against 69 KB for all of dist/cli-verify.js. Verifying 1,000 files is a race with
// `openssl verify`, where startup and per-file parsing are most of the time. The DER reader
// itself is src/core/der.ts (bounds-checked, throws a DerError with the offset on any truncated
// or hostile input); this module only decides what to read when. The unit tests compare it with
// `decodeCertificate` on every fixture, PKITS and mutated DER, and the fuzz bench runs it.
import { ByteMemo, bytesEqual } from '../bytes';
import { children, DerError, readBoolean, readOid, readSerialHex, readTime, readTlv, TAG, type Tlv, whole } from '../der';
import { decodeValue, newExtensionFields, readExtensions, type ExtensionFields } from '../extensions';
import type { Hasher } from '../hash';
import type { CertificateInfo, DistinguishedName, ExtensionInfo, NameConstraints, PublicKeyInfo, SignatureInfo, SubjectAltNames } from '../model';
import { readName } from '../names';
import { EXTENSIONS } from '../oids';
import { readSpki } from '../spki';
import { tbsFields } from '../x509';

/** The extensions validation reads up front (the others wait for a display to ask). */
const EAGER = new Set(['2.5.29.19', '2.5.29.15', '2.5.29.14', '2.5.29.35']);

/** A certificate whose display-only fields are decoded on first use. */
class ValidationCertificate implements CertificateInfo {
  readonly type = 'certificate' as const;
  private lazyFields?: ExtensionFields;
  private lazySerial?: string;
  private lazySha1?: string;
  isCA = false;
  pathLength: number | null = null;
  keyUsage: string[] = [];
  subjectKeyId?: string;
  authorityKeyId?: string;
  selfSigned = false;

  constructor(
    readonly der: Uint8Array,
    private readonly hasher: Hasher,
    private readonly serialTlv: Tlv,
    private readonly extensionLists: Tlv[],
    readonly version: number,
    readonly signature: SignatureInfo,
    readonly signatureValue: Uint8Array,
    readonly signatureParams: Uint8Array | undefined,
    readonly tbs: Uint8Array,
    readonly issuer: DistinguishedName,
    readonly subject: DistinguishedName,
    readonly notBefore: Date,
    readonly notAfter: Date,
    readonly publicKey: PublicKeyInfo,
    readonly sha256: string,
  ) {}

  private fields(): ExtensionFields {
    if (!this.lazyFields) {
      const f = newExtensionFields();
      // Cannot throw: the constructor's reader ran the same structural checks on these lists.
      for (const seq of this.extensionLists) readExtensions(this.der, seq, f);
      this.lazyFields = f;
    }
    return this.lazyFields;
  }

  get serialNumber(): string { return (this.lazySerial ??= readSerialHex(this.der, this.serialTlv)); }
  get sha1(): string { return (this.lazySha1 ??= this.hasher.sha1(this.der)); }
  get san(): SubjectAltNames { return this.fields().san; }
  get extendedKeyUsage(): string[] { return this.fields().extendedKeyUsage; }
  get nameConstraints(): NameConstraints | undefined { return this.fields().nameConstraints; }
  get extensions(): ExtensionInfo[] { return this.fields().extensions; }
}

const MAX_NAMES = 10_000;

/**
 * A reader of DER certificates for validation: accepts exactly what `decodeCertificate` accepts
 * (and throws a DerError otherwise; callers wanting `decodeDer`'s wording decode again with it).
 */
export function createCertificateReader(hasher: Hasher): (der: Uint8Array) => CertificateInfo {
  const names = new ByteMemo<DistinguishedName>(MAX_NAMES);
  /** `keep`: remember it for later certificates (a CA's subject is the issuer of what it signs). */
  const nameOf = (der: Uint8Array, t: Tlv, keep: boolean): DistinguishedName => {
    let n = names.get(der, t.start, t.end);
    if (!n) {
      n = readName(der, t);
      if (keep) names.set(n.der, n);
    }
    return n;
  };

  return (der) => {
    // The order and the checks of decodeCertificate (src/core/x509.ts), step by step.
    const { env, version, need, rest } = tbsFields(der);
    const serialTlv = need('serial number');
    if (serialTlv.tag !== TAG.INTEGER) throw new DerError('expected the serial number (INTEGER)', serialTlv.start);
    need('signature algorithm');
    const issuer = nameOf(der, need('issuer'), true);
    const validity = need('validity');
    const [nb, na] = children(der, validity);
    if (!nb || !na) throw new DerError('validity needs notBefore and notAfter', validity.start);
    const subjectTlv = need('subject');
    const publicKey = readSpki(der, need('subject public key'));
    // readExtensions' structural checks on every extension; values decoded only for EAGER ones
    // (as readExtensions decodes them: a malformed value leaves the field as far as it got).
    const lists: Tlv[] = [];
    const f = newExtensionFields();
    for (const t of rest()) {
      if (t.tag !== 0xa3) continue;
      const seq = readTlv(der, t.body, t.end);
      lists.push(seq);
      const seen = new Set<string>();
      for (const ext of children(der, seq)) {
        let p = readTlv(der, ext.body, ext.end);
        const oid = readOid(der, p);
        p = readTlv(der, p.end, ext.end);
        if (p.tag === TAG.BOOLEAN) {
          readBoolean(der, p);
          p = readTlv(der, p.end, ext.end);
        }
        if (p.tag !== TAG.OCTET_STRING) throw new DerError(`extension ${oid} has no OCTET STRING value`, p.start);
        if (seen.has(oid)) throw new DerError(`extension ${EXTENSIONS[oid] ?? oid} appears twice`, ext.start);
        seen.add(oid);
        if (EAGER.has(oid)) {
          try {
            decodeValue(der, oid, p, f, false);
          } catch {
            // As readExtensions: a malformed extension is not fatal for the certificate.
          }
        }
      }
    }
    // Read after the extensions (no check depends on the order: a certificate is accepted or not),
    // so only CA subjects are remembered: 1,000 leaves' subjects are not kept alive.
    const subject = nameOf(der, subjectTlv, f.isCA);
    const notBefore = readTime(der, nb), notAfter = readTime(der, na);
    const c = new ValidationCertificate(
      der, hasher, serialTlv, lists, version, env.signature, env.signatureValue, env.params, whole(der, env.tbs),
      issuer, subject, notBefore, notAfter, publicKey, hasher.sha256(der),
    );
    c.isCA = f.isCA;
    c.pathLength = f.pathLength;
    c.keyUsage = f.keyUsage;
    if (f.subjectKeyId !== undefined) c.subjectKeyId = f.subjectKeyId;
    if (f.authorityKeyId !== undefined) c.authorityKeyId = f.authorityKeyId;
    c.selfSigned = bytesEqual(subject.der, issuer.der) && (!f.authorityKeyId || !f.subjectKeyId || f.authorityKeyId === f.subjectKeyId);
    return c;
  };
}
