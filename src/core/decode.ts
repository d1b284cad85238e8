// DER -> PkiObject, chosen by PEM label or, for bare DER, by trying each structure.
import { children, DerError, readOid, readSmallInteger, readTlv, TAG, Tlv } from './der';
import type { Hasher } from './hash';
import { decodePrivateKey, decodePublicKey, isPbeOid, isRsaPublicKey } from './keys';
import type { Decoded, PkiObject } from './model';
import { decodeCertificate, decodeCrl, decodeCsr } from './x509';

export const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
export const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
export const PRIVATE_KEY_LABELS = new Set([
  'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY',
]);
export const PUBLIC_KEY_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY']);
export const CRL_LABELS = new Set(['X509 CRL']);
/** Labels we recognise but do not decode (not an error). */
export const IGNORED_LABELS = new Set(['EC PARAMETERS', 'DH PARAMETERS', 'X9.42 DH PARAMETERS', 'PKCS7', 'CMS', 'SSL SESSION PARAMETERS', 'PARAMETERS']);

export const KNOWN_LABELS = [
  ...CERT_LABELS, ...CSR_LABELS, ...PRIVATE_KEY_LABELS, ...PUBLIC_KEY_LABELS, ...CRL_LABELS, ...IGNORED_LABELS,
];

/** A decoder's error; `what` names the object it was decoding ("certificate", "CRL", ...). */
function message(e: unknown, what?: string): string {
  const prefix = what ? `malformed DER: ${what}: ` : 'malformed DER: ';
  if (e instanceof DerError) return prefix + e.message;
  if (e instanceof RangeError) return prefix + 'data is truncated or corrupt';
  return e instanceof Error ? (what ? `${what}: ${e.message}` : e.message) : String(e);
}

/** Closest known label within edit distance 3, for "did you mean" messages. */
export function suggestLabel(label: string): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const k of KNOWN_LABELS) {
    const d = editDistance(label, k);
    if (d < bestD) { bestD = d; best = k; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

const LABEL_KIND: Record<PkiObject['type'], string> = {
  certificate: 'certificate', csr: 'certificate request', 'private-key': 'private key', 'public-key': 'public key', crl: 'CRL',
};

const article = (name: string) => (/^(?:[aeiou]|RSA |EC |OCSP |X\.509 )/.test(name) ? 'an ' : 'a ') + name;

/** Decodes DER under a PEM label; `undefined` label means bare DER of unknown kind. */
export function decodeDer(der: Uint8Array, label: string | undefined, hasher: Hasher): Decoded {
  try {
    if (label === undefined) return sniff(der, hasher);
    if (CERT_LABELS.has(label)) {
      if (label === 'TRUSTED CERTIFICATE') return { ok: true, object: decodeCertificate(firstElement(der), hasher) };
      return wrongLabel(der, label, 'certificate', () => decodeCertificate(der, hasher));
    }
    if (CSR_LABELS.has(label)) return wrongLabel(der, label, 'csr', () => decodeCsr(der, hasher));
    if (CRL_LABELS.has(label)) return wrongLabel(der, label, 'crl', () => decodeCrl(der, hasher));
    if (PUBLIC_KEY_LABELS.has(label)) return wrongLabel(der, label, 'public-key', () => decodePublicKey(der, label, hasher));
    if (label === 'OPENSSH PRIVATE KEY') {
      return { ok: true, object: { type: 'private-key', der, format: 'openssh', encrypted: false, publicKey: { algorithm: 'OpenSSH', size: null, curve: null } } };
    }
    if (PRIVATE_KEY_LABELS.has(label)) return wrongLabel(der, label, 'private-key', () => decodePrivateKey(der, label));
    return { ok: false, error: `unknown PEM label "${label}"` };
  } catch (e) {
    return { ok: false, error: message(e) };
  }
}

/**
 * Bare DER that may hold several objects back to back (a `bundle.der` of concatenated
 * certificates, as Go's x509.ParseCertificates reads them): one result per top-level element
 * when the bytes are exactly such a run of SEQUENCEs and the whole does not decode as one.
 */
export function decodeDerAll(der: Uint8Array, hasher: Hasher): Decoded[] {
  const one = decodeDer(der, undefined, hasher);
  if (one.ok) return [one];
  const parts = topLevelElements(der);
  if (!parts) return [one];
  const all = parts.map((p) => decodeDer(p, undefined, hasher));
  return all.some((d) => d.ok) ? all : [one];
}

/** The top-level elements of `der` when it is two or more SEQUENCEs back to back with nothing else. */
function topLevelElements(der: Uint8Array): Uint8Array[] | undefined {
  const out: Uint8Array[] = [];
  try {
    for (let p = 0; p < der.length; ) {
      const t = readTlv(der, p);
      if (t.tag !== TAG.SEQUENCE || out.length >= 100_000) return undefined;
      out.push(der.subarray(t.start, t.end));
      p = t.end;
    }
  } catch {
    return undefined;
  }
  return out.length > 1 ? out : undefined;
}

function firstElement(der: Uint8Array): Uint8Array {
  if (der.length < 2) return der;
  let len = der[1];
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n && i < 4; i++) len = len * 256 + (der[2 + i] ?? 0);
    hdr += n;
  }
  return der.subarray(0, Math.min(der.length, hdr + len));
}

/** Decode as the labelled type; when that fails, say what the bytes really are, if anything. */
function wrongLabel(der: Uint8Array, label: string, type: PkiObject['type'], decode: () => PkiObject): Decoded {
  try {
    return { ok: true, object: decode() };
  } catch (e) {
    const shape = identifyDer(der);
    if (shape && (shape.unsupported || shape.type !== type)) {
      return { ok: false, error: `the block is labelled "${label}" but holds ${article(shape.name)}: fix the BEGIN/END lines` };
    }
    return { ok: false, error: message(e, LABEL_KIND[type]) };
  }
}

/** What bare DER is, told by the shape of its outer structure before any field is trusted. */
export interface DerShape {
  /** The object type it decodes to; absent for structures Certwright recognises but does not decode. */
  type?: PkiObject['type'];
  /** "certificate", "PKCS#12 file (PFX)", ... */
  name: string;
  /** Why it is not decoded, and what to do instead. */
  unsupported?: string;
}

const NOT_DECODED = 'Certwright decodes certificates, CSRs, CRLs and keys, not this';

/**
 * Names a DER structure from the tags of its outer SEQUENCE: signed objects (certificate, CSR,
 * CRL, told apart by their TBS fields), every private and public key form, and the PKI
 * structures that are not decoded (PKCS#12, PKCS#7/CMS, OCSP, certificate pairs, parameters,
 * signatures). `undefined` when the shape is none of these.
 */
export function identifyDer(der: Uint8Array): DerShape | undefined {
  let items: Tlv[];
  try {
    const outer = readTlv(der, 0);
    if (outer.tag !== TAG.SEQUENCE) return undefined;
    items = children(der, outer);
  } catch {
    return undefined;
  }
  const tags = items.map((t) => t.tag);
  const is = (...want: number[]) => want.every((w, i) => tags[i] === w);
  const small = (i: number) => (tags[i] === TAG.INTEGER && items[i].end - items[i].body <= 2 ? readSmallInteger(der, items[i]) : undefined);
  const oidAt = (t: Tlv) => { try { return readOid(der, t); } catch { return ''; } };
  const oidOf = (t: Tlv) => { try { return oidAt(readTlv(der, t.body, t.end)); } catch { return ''; } };
  if (items.length === 3 && is(TAG.SEQUENCE, TAG.SEQUENCE, TAG.BIT_STRING)) return signedShape(der, items[0]);
  if (items.length === 2 && is(TAG.SEQUENCE, TAG.BIT_STRING)) return { type: 'public-key', name: 'public key (SubjectPublicKeyInfo)' };
  if (items.length === 2 && is(TAG.SEQUENCE, TAG.OCTET_STRING) && isPbeOid(oidOf(items[0]))) return { type: 'private-key', name: 'encrypted private key (PKCS#8)' };
  if (tags[0] === TAG.INTEGER) {
    const v = small(0);
    const ints = tags.every((t) => t === TAG.INTEGER);
    if ((v === 0 || v === 1) && is(TAG.INTEGER, TAG.SEQUENCE, TAG.OCTET_STRING)) return { type: 'private-key', name: 'private key (PKCS#8)' };
    if (v === 1 && is(TAG.INTEGER, TAG.OCTET_STRING)) return { type: 'private-key', name: 'EC private key (SEC1)' };
    if (ints && v === 0 && items.length === 9) return { type: 'private-key', name: 'RSA private key (PKCS#1)' };
    if (ints && v === 0 && items.length === 6) return { type: 'private-key', name: 'DSA private key' };
    if (v === 3 && is(TAG.INTEGER, TAG.SEQUENCE)) return { name: 'PKCS#12 file (PFX)', unsupported: `${NOT_DECODED}: "openssl pkcs12 -in FILE -nokeys" prints its certificates` };
    if (v === 1 && is(TAG.INTEGER, TAG.SEQUENCE, TAG.SEQUENCE, TAG.OCTET_STRING, TAG.INTEGER)) return { name: 'EC parameters structure', unsupported: NOT_DECODED };
    if (ints && items.length === 2) {
      if (isRsaPublicKey(der, items)) return { type: 'public-key', name: 'RSA public key (PKCS#1)' };
      return { name: 'SEQUENCE of two INTEGERs (a DSA or ECDSA signature, or DH parameters)', unsupported: NOT_DECODED };
    }
    if (ints && items.length === 3) return { name: 'DSA or DH parameter set (three INTEGERs)', unsupported: NOT_DECODED };
  }
  if (tags[0] === TAG.OID && oidAt(items[0]).startsWith('1.2.840.113549.1.7.')) {
    return { name: 'PKCS#7 / CMS message', unsupported: `${NOT_DECODED}: "openssl pkcs7 -print_certs" prints the certificates in it` };
  }
  if (tags[0] === 0x0a && (items.length === 1 || is(0x0a, 0xa0))) return { name: 'OCSP response', unsupported: NOT_DECODED };
  if (is(0xa0, TAG.INTEGER, TAG.SEQUENCE, TAG.SEQUENCE, TAG.SEQUENCE, TAG.SEQUENCE, TAG.SEQUENCE)) {
    return { name: 'TBSCertificate (a certificate body without its signature)', unsupported: NOT_DECODED };
  }
  if ((items.length === 1 || is(TAG.SEQUENCE, 0xa0)) && tags[0] === TAG.SEQUENCE && isOcspRequestBody(der, items[0])) return { name: 'OCSP request', unsupported: NOT_DECODED };
  if (items.length >= 1 && items.length <= 2 && tags.every((t) => t === 0xa0 || t === 0xa1)) {
    return { name: 'X.509 certificate pair', unsupported: NOT_DECODED };
  }
  return undefined;
}

/** TBSRequest (RFC 6960 4.1.1): optional [0] [1], then a requestList of Requests whose CertID is { hashAlgorithm, OCTET STRING, OCTET STRING, INTEGER }. */
function isOcspRequestBody(der: Uint8Array, tbs: Tlv): boolean {
  try {
    const list = children(der, tbs).find((t) => t.tag === TAG.SEQUENCE);
    const request = list && children(der, list)[0];
    const certId = request && children(der, request)[0];
    const tags = certId ? children(der, certId).map((t) => t.tag) : [];
    return tags.join() === [TAG.SEQUENCE, TAG.OCTET_STRING, TAG.OCTET_STRING, TAG.INTEGER].join();
  } catch {
    return false;
  }
}

/** A SIGNED{...} envelope: a CRL has its update times right in the TBS; a certificate a [0] version or six fields; a CSR three or four. */
function signedShape(der: Uint8Array, tbs: Tlv): DerShape {
  let t: number[];
  try {
    t = children(der, tbs).map((x) => x.tag);
  } catch {
    return { type: 'certificate', name: 'certificate' };
  }
  const time = (x: number) => x === TAG.UTCTime || x === TAG.GeneralizedTime;
  if (t.slice(0, 4).some(time)) return { type: 'crl', name: 'CRL' };
  if (t[0] === 0xa0 || (t[0] === TAG.INTEGER && t.length >= 6 && t.slice(1, 6).every((x) => x === TAG.SEQUENCE))) return { type: 'certificate', name: 'certificate' };
  if (t[0] === TAG.INTEGER && t[1] === TAG.SEQUENCE && t[2] === TAG.SEQUENCE && (t.length === 3 || (t.length === 4 && t[3] === 0xa0))) {
    return { type: 'csr', name: 'certificate request' };
  }
  return { type: 'certificate', name: 'certificate' };
}

const DECODERS: Record<PkiObject['type'], (der: Uint8Array, hasher: Hasher) => PkiObject> = {
  certificate: decodeCertificate,
  csr: decodeCsr,
  crl: decodeCrl,
  'private-key': (der) => decodePrivateKey(der, undefined),
  'public-key': (der, hasher) => decodePublicKey(der, undefined, hasher),
};

function sniff(der: Uint8Array, hasher: Hasher): Decoded {
  if (der.length === 0) return { ok: false, error: 'empty data' };
  if (der[0] !== 0x30) return { ok: false, error: 'not DER: the data does not start with a SEQUENCE (0x30)' };
  const shape = identifyDer(der);
  if (shape?.unsupported) return { ok: false, error: `${article(shape.name)}: ${shape.unsupported}` };
  if (shape?.type) {
    try {
      return { ok: true, object: DECODERS[shape.type](der, hasher) };
    } catch (e) {
      // The shape is a guess from the outer tags: another decoder may still read it whole.
      for (const [type, decode] of Object.entries(DECODERS)) {
        if (type === shape.type) continue;
        try {
          return { ok: true, object: decode(der, hasher) };
        } catch {
          /* the shape's error is the one to report */
        }
      }
      return { ok: false, error: message(e, shape.name) };
    }
  }
  // No known shape (trailing bytes, truncation, nesting): the first decoder that accepts it, else its error.
  let first: unknown;
  for (const decode of Object.values(DECODERS)) {
    try {
      return { ok: true, object: decode(der, hasher) };
    } catch (e) {
      first ??= e;
    }
  }
  return { ok: false, error: message(first) };
}
