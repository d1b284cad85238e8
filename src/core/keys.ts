// Private keys (PKCS#1, SEC1, traditional DSA, PKCS#8, encrypted PKCS#8, legacy encrypted PEM)
// and bare public keys. Key material never leaves these functions except as the public-key
// identity used for matching. Each structure is checked whole (version and every field), so
// DER of another kind (a TBSCertificate, DH parameters, a signature) is never taken for a key.
import { toHex } from './bytes';
import { children, content, DerError, expect, integerBitLength, readOid, readSmallInteger, readTlv, TAG, Tlv, whole } from './der';
import type { Hasher } from './hash';
import { KEY_ALGORITHMS, PBE_ALGORITHMS } from './oids';
import { ecDomain, readSpki, rsaPublicKeyToSpki } from './spki';
import type { PrivateKeyFormat, PrivateKeyInfo, PublicKeyObject } from './model';

type KeyShape = PrivateKeyInfo['publicKey'];

/** The children of a SEQUENCE that must fill `[start, limit)` exactly. */
function sequence(buf: Uint8Array, start: number, limit: number, what: string): { seq: Tlv; items: Tlv[] } {
  const seq = expect(buf, start, TAG.SEQUENCE, what, limit);
  if (seq.end !== limit) throw new DerError(`${limit - seq.end} unexpected bytes after the ${what}`, seq.end);
  return { seq, items: children(buf, seq) };
}

function smallInt(buf: Uint8Array, t: Tlv | undefined): number | undefined {
  return t?.tag === TAG.INTEGER && t.end - t.body <= 2 ? readSmallInteger(buf, t) : undefined;
}

const allIntegers = (items: Tlv[]) => items.every((t) => t.tag === TAG.INTEGER);

/** RFC 8017 A.1.2 RSAPrivateKey: version 0 and 8 INTEGERs (version 1 adds otherPrimeInfos). */
function rsaFromPkcs1(buf: Uint8Array, start = 0, limit = buf.length): KeyShape {
  const { seq, items } = sequence(buf, start, limit, 'RSAPrivateKey');
  const version = smallInt(buf, items[0]);
  const shapeOk = allIntegers(items.slice(0, 9)) && ((version === 0 && items.length === 9) || (version === 1 && items.length === 10 && items[9].tag === TAG.SEQUENCE));
  if (!shapeOk) {
    throw new DerError('not an RSAPrivateKey: PKCS#1 (RFC 8017 A.1.2) needs version 0 and the 8 INTEGERs n, e, d, p, q, dP, dQ, qInv', seq.start);
  }
  const mod = items[1];
  if (buf[mod.body] & 0x80 || integerBitLength(buf, mod) === 0) throw new DerError('RSAPrivateKey modulus is not a positive INTEGER', mod.start);
  return { algorithm: 'RSA', size: integerBitLength(buf, mod), curve: null, keyMaterialHex: toHex(content(buf, mod)).replace(/^(00)+/, '') };
}

/** OpenSSL's traditional DSA private key: SEQUENCE { version 0, p, q, g, y, x } (no standard, but every tool reads it). */
function dsaTraditional(buf: Uint8Array, start = 0, limit = buf.length): KeyShape {
  const { seq, items } = sequence(buf, start, limit, 'DSA private key');
  if (items.length !== 6 || !allIntegers(items) || smallInt(buf, items[0]) !== 0) {
    throw new DerError('not a DSA private key: the traditional form needs version 0 and the 5 INTEGERs p, q, g, y, x', seq.start);
  }
  // The public key y, as the DER INTEGER a certificate's SubjectPublicKeyInfo holds.
  return { algorithm: 'DSA', size: integerBitLength(buf, items[1]), curve: null, keyMaterialHex: toHex(whole(buf, items[4])) };
}

/** SEC 1 C.4 ECPrivateKey: version 1, the private key OCTET STRING, [0] parameters, [1] public key. */
function ecFromSec1(buf: Uint8Array, start: number, limit: number, outerParams?: Tlv): KeyShape {
  const { seq, items } = sequence(buf, start, limit, 'ECPrivateKey');
  const [version, secret] = items;
  if (smallInt(buf, version) !== 1 || secret?.tag !== TAG.OCTET_STRING || items.slice(2).some((t) => t.tag !== 0xa0 && t.tag !== 0xa1)) {
    throw new DerError('not an ECPrivateKey: SEC 1 (RFC 5915) needs version 1, the key as an OCTET STRING, then optional [0] parameters and [1] public key', seq.start);
  }
  let params = outerParams;
  let point: string | undefined;
  for (const c of items.slice(2)) {
    if (c.tag === 0xa0) params = readTlv(buf, c.body, c.end);
    if (c.tag === 0xa1) {
      const bits = readTlv(buf, c.body, c.end);
      if (bits.tag === TAG.BIT_STRING && bits.end > bits.body) point = toHex(buf.subarray(bits.body + 1, bits.end));
    }
  }
  return { algorithm: 'EC', ...ecDomain(buf, params), keyMaterialHex: point };
}

/** RFC 5208 / RFC 5958 PrivateKeyInfo: version 0 or 1, AlgorithmIdentifier, OCTET STRING, optional [0] attributes, [1] public key. */
function fromPkcs8(buf: Uint8Array): KeyShape {
  const { seq, items } = sequence(buf, 0, buf.length, 'PrivateKeyInfo');
  const [version, algId, key] = items;
  const v = smallInt(buf, version);
  if ((v !== 0 && v !== 1) || algId?.tag !== TAG.SEQUENCE || key?.tag !== TAG.OCTET_STRING || items.slice(3).some((t) => t.tag !== 0xa0 && t.tag !== 0x81 && t.tag !== 0xa1)) {
    throw new DerError('not a PrivateKeyInfo: PKCS#8 (RFC 5958) needs version 0 or 1, an AlgorithmIdentifier and the key as an OCTET STRING', seq.start);
  }
  const oidTlv = readTlv(buf, algId.body, algId.end);
  const oid = readOid(buf, oidTlv);
  const params = oidTlv.end < algId.end ? readTlv(buf, oidTlv.end, algId.end) : undefined;
  const algorithm = KEY_ALGORITHMS[oid] ?? oid;
  if (algorithm === 'RSA' || algorithm === 'RSA-PSS') return { ...rsaFromPkcs1(buf, key.body, key.end), algorithm };
  if (algorithm === 'EC') return ecFromSec1(buf, key.body, key.end, params);
  if (algorithm === 'Ed25519' || algorithm === 'Ed448' || algorithm === 'X25519' || algorithm === 'X448') {
    // OneAsymmetricKey v2 may carry the public key as [1].
    const pub = items.find((t) => t.tag === 0x81 || t.tag === 0xa1);
    let keyMaterialHex: string | undefined;
    if (pub) keyMaterialHex = toHex(buf.subarray(pub.tag === 0x81 ? pub.body + 1 : pub.body, pub.end));
    const size = algorithm === 'Ed448' ? 456 : algorithm === 'X448' ? 448 : 256;
    return { algorithm, size, curve: null, keyMaterialHex };
  }
  if (algorithm === 'DSA' || algorithm === 'DH') {
    const [p] = params?.tag === TAG.SEQUENCE ? children(buf, params) : [];
    return { algorithm, size: p ? integerBitLength(buf, p) : null, curve: null };
  }
  return { algorithm, size: null, curve: null };
}

/** RFC 5958 EncryptedPrivateKeyInfo: SEQUENCE { AlgorithmIdentifier, OCTET STRING }; returns the scheme's name. */
function encryptedPkcs8(buf: Uint8Array): string {
  const { seq, items } = sequence(buf, 0, buf.length, 'EncryptedPrivateKeyInfo');
  const [algId, data] = items;
  if (items.length !== 2 || algId.tag !== TAG.SEQUENCE || data.tag !== TAG.OCTET_STRING) {
    throw new DerError('not an EncryptedPrivateKeyInfo: PKCS#8 (RFC 5958 3) needs an encryption AlgorithmIdentifier and the encrypted key as an OCTET STRING', seq.start);
  }
  const oidTlv = readTlv(buf, algId.body, algId.end);
  const oid = readOid(buf, oidTlv);
  const name = PBE_ALGORITHMS[oid] ?? oid;
  if (name !== 'PBES2') return name;
  try {
    const params = readTlv(buf, oidTlv.end, algId.end);
    const [kdf, enc] = children(buf, params);
    const kdfName = PBE_ALGORITHMS[readOid(buf, readTlv(buf, kdf.body, kdf.end))] ?? 'unknown KDF';
    const encName = PBE_ALGORITHMS[readOid(buf, readTlv(buf, enc.body, enc.end))] ?? 'unknown cipher';
    return `PBES2 (${kdfName}, ${encName})`;
  } catch {
    return 'PBES2';
  }
}

/** True when an AlgorithmIdentifier's OID is a password-based encryption scheme (PKCS#5 or PKCS#12 arcs). */
export function isPbeOid(oid: string): boolean {
  return oid in PBE_ALGORITHMS || oid.startsWith('1.2.840.113549.1.5.') || oid.startsWith('1.2.840.113549.1.12.1.');
}

const PEM_KEY_ALGORITHMS: Record<string, string> = { 'RSA PRIVATE KEY': 'RSA', 'EC PRIVATE KEY': 'EC', 'DSA PRIVATE KEY': 'DSA' };

/**
 * A legacy encrypted PEM key (RFC 1421 `Proc-Type: 4,ENCRYPTED` and `DEK-Info` headers): the
 * label says the algorithm, nothing says the size until it is decrypted.
 */
export function legacyEncryptedKey(label: string, dekInfo: string | undefined, der: Uint8Array): PrivateKeyInfo {
  return {
    type: 'private-key', der, format: 'legacy-encrypted', encrypted: true,
    encryption: dekInfo?.split(',')[0] || 'legacy PEM encryption',
    publicKey: { algorithm: PEM_KEY_ALGORITHMS[label] ?? 'unknown', size: null, curve: null },
  };
}

type Shape = { format: PrivateKeyFormat; read: (der: Uint8Array) => KeyShape };
const SHAPES: Record<string, Shape> = {
  'PRIVATE KEY': { format: 'pkcs8', read: fromPkcs8 },
  'RSA PRIVATE KEY': { format: 'pkcs1', read: (d) => rsaFromPkcs1(d) },
  'EC PRIVATE KEY': { format: 'sec1', read: (d) => ecFromSec1(d, 0, d.length) },
  'DSA PRIVATE KEY': { format: 'dsa', read: (d) => dsaTraditional(d) },
};

/** Decodes a private key under its PEM label, or bare DER of any private-key structure. */
export function decodePrivateKey(der: Uint8Array, label: string | undefined): PrivateKeyInfo {
  const outer = readTlv(der, 0);
  if (outer.tag !== TAG.SEQUENCE) throw new DerError('not a private key: expected a SEQUENCE', 0);
  if (outer.end !== der.length) throw new DerError(`${der.length - outer.end} unexpected bytes after the key`, outer.end);
  const encrypted = (): PrivateKeyInfo => ({
    type: 'private-key', der, format: 'encrypted-pkcs8', encrypted: true, encryption: encryptedPkcs8(der),
    publicKey: { algorithm: 'unknown', size: null, curve: null },
  });
  if (label === 'ENCRYPTED PRIVATE KEY') return encrypted();
  const shape = label ? SHAPES[label] : undefined;
  if (shape) return { type: 'private-key', der, format: shape.format, encrypted: false, publicKey: shape.read(der) };
  // Unlabelled DER: the structure decides (see identifyDer); keys of every shape are tried.
  for (const s of Object.values(SHAPES)) {
    try {
      return { type: 'private-key', der, format: s.format, encrypted: false, publicKey: s.read(der) };
    } catch {
      /* next shape */
    }
  }
  const items = children(der, outer);
  if (items.length === 2 && items[0].tag === TAG.SEQUENCE && isPbeOid(readOid(der, readTlv(der, items[0].body, items[0].end)))) return encrypted();
  throw new DerError('not a private key structure (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1 or traditional DSA)', 0);
}

/**
 * A bare public key: SubjectPublicKeyInfo, or PKCS#1 RSAPublicKey (RFC 8017 A.1.1, SEQUENCE
 * { n, e }) under its label or, unlabelled, when it is plainly one: a positive odd modulus of
 * 512 bits or more and an odd public exponent of at most 64 bits (the other SEQUENCEs of two
 * INTEGERs, DSA and ECDSA signatures and DH parameters, do not look like that).
 */
export function decodePublicKey(der: Uint8Array, label: string | undefined, hasher: Hasher): PublicKeyObject {
  const outer = readTlv(der, 0);
  if (outer.tag !== TAG.SEQUENCE) throw new DerError('not a public key: expected a SEQUENCE', 0);
  if (outer.end !== der.length) throw new DerError(`${der.length - outer.end} unexpected bytes after the key`, outer.end);
  if (label === 'RSA PUBLIC KEY' || (label === undefined && isRsaPublicKey(der, children(der, outer)))) {
    if (!isRsaPublicKey(der, children(der, outer))) throw new DerError('not an RSAPublicKey: PKCS#1 (RFC 8017 A.1.1) needs exactly the INTEGERs n and e', 0);
    const spki = rsaPublicKeyToSpki(der);
    return { type: 'public-key', der, format: 'pkcs1', publicKey: readSpki(spki, readTlv(spki, 0)), sha1: hasher.sha1(der), sha256: hasher.sha256(der) };
  }
  const publicKey = readSpki(der, outer);
  return { type: 'public-key', der: whole(der, outer), format: 'spki', publicKey, sha1: hasher.sha1(der), sha256: hasher.sha256(der) };
}

/** The elements of a SEQUENCE are a plausible PKCS#1 RSAPublicKey (see decodePublicKey). */
export function isRsaPublicKey(der: Uint8Array, items: Tlv[]): boolean {
  if (items.length !== 2 || !allIntegers(items)) return false;
  const [n, e] = items;
  const positiveOdd = (t: Tlv) => t.end > t.body && !(der[t.body] & 0x80) && (der[t.end - 1] & 1) === 1;
  return positiveOdd(n) && positiveOdd(e) && integerBitLength(der, n) >= 512 && integerBitLength(der, e) <= 64 && integerBitLength(der, e) >= 2;
}
