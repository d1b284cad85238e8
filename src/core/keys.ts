// Private keys (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8) and bare public keys. Key material
// never leaves these functions except as the public-key identity used for matching.
import { toHex } from './bytes';
import { children, content, DerError, expect, integerBitLength, readOid, readTlv, TAG, whole } from './der';
import type { Hasher } from './hash';
import { CURVES, KEY_ALGORITHMS, PBE_ALGORITHMS } from './oids';
import { readSpki, rsaPublicKeyToSpki } from './spki';
import type { PrivateKeyInfo, PublicKeyObject } from './model';

type KeyShape = PrivateKeyInfo['publicKey'];

function rsaFromPkcs1(buf: Uint8Array, start = 0, limit = buf.length): KeyShape {
  const seq = expect(buf, start, TAG.SEQUENCE, 'RSAPrivateKey', limit);
  const [, mod] = children(buf, seq);
  if (!mod || mod.tag !== TAG.INTEGER) throw new DerError('RSA private key has no modulus', seq.start);
  return {
    algorithm: 'RSA', size: integerBitLength(buf, mod), curve: null,
    keyMaterialHex: toHex(content(buf, mod)).replace(/^(00)+/, ''),
  };
}

function ecFromSec1(buf: Uint8Array, start: number, limit: number, curveOid?: string): KeyShape {
  const seq = expect(buf, start, TAG.SEQUENCE, 'ECPrivateKey', limit);
  const [version, secret] = children(buf, seq);
  // SEC1: version 1, then the private key as an OCTET STRING (an RSA key has INTEGERs here).
  if (!version || version.tag !== TAG.INTEGER || version.end - version.body !== 1 || buf[version.body] !== 1 || !secret || secret.tag !== TAG.OCTET_STRING) {
    throw new DerError('not an EC private key (SEC1 ECPrivateKey needs version 1 and an OCTET STRING key)', seq.start);
  }
  let curve = curveOid;
  let point: string | undefined;
  let privLen = 0;
  for (const c of children(buf, seq)) {
    if (c.tag === TAG.OCTET_STRING) privLen = c.end - c.body;
    if (c.tag === 0xa0) curve = readOid(buf, readTlv(buf, c.body, c.end));
    if (c.tag === 0xa1) {
      const bits = readTlv(buf, c.body, c.end);
      if (bits.tag === TAG.BIT_STRING) point = toHex(buf.subarray(bits.body + 1, bits.end));
    }
  }
  const known = curve ? CURVES[curve] : undefined;
  return {
    algorithm: 'EC', size: known?.bits ?? (privLen ? privLen * 8 : null), curve: known?.name ?? curve ?? null,
    keyMaterialHex: point,
  };
}

function fromPkcs8(buf: Uint8Array): KeyShape {
  const seq = expect(buf, 0, TAG.SEQUENCE, 'PrivateKeyInfo');
  const items = children(buf, seq);
  const [version, algId, key] = items;
  if (!version || !algId || !key || key.tag !== TAG.OCTET_STRING) throw new DerError('PrivateKeyInfo is incomplete', 0);
  const oidTlv = readTlv(buf, algId.body, algId.end);
  const oid = readOid(buf, oidTlv);
  const algorithm = KEY_ALGORITHMS[oid] ?? oid;
  if (algorithm === 'RSA' || algorithm === 'RSA-PSS') return { ...rsaFromPkcs1(buf, key.body, key.end), algorithm };
  if (algorithm === 'EC') {
    const params = readTlv(buf, oidTlv.end, algId.end);
    return ecFromSec1(buf, key.body, key.end, params.tag === TAG.OID ? readOid(buf, params) : undefined);
  }
  if (algorithm === 'Ed25519' || algorithm === 'Ed448' || algorithm === 'X25519' || algorithm === 'X448') {
    // OneAsymmetricKey v2 may carry the public key as [1].
    const pub = items.find((t) => t.tag === 0x81 || t.tag === 0xa1);
    let keyMaterialHex: string | undefined;
    if (pub) keyMaterialHex = toHex(buf.subarray(pub.tag === 0x81 ? pub.body + 1 : pub.body, pub.end));
    const size = algorithm === 'Ed448' ? 456 : algorithm === 'X448' ? 448 : 256;
    return { algorithm, size, curve: null, keyMaterialHex };
  }
  if (algorithm === 'DSA') {
    const params = readTlv(buf, oidTlv.end, algId.end);
    const [p] = params.tag === TAG.SEQUENCE ? children(buf, params) : [];
    return { algorithm, size: p ? integerBitLength(buf, p) : null, curve: null };
  }
  return { algorithm, size: null, curve: null };
}

function describeEncryption(buf: Uint8Array): string {
  const seq = expect(buf, 0, TAG.SEQUENCE, 'EncryptedPrivateKeyInfo');
  const algId = expect(buf, seq.body, TAG.SEQUENCE, 'encryption algorithm', seq.end);
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

export function decodePrivateKey(der: Uint8Array, label: string | undefined): PrivateKeyInfo {
  const outer = readTlv(der, 0);
  if (outer.tag !== TAG.SEQUENCE) throw new DerError('not a private key: expected a SEQUENCE', 0);
  if (outer.end !== der.length) throw new DerError(`${der.length - outer.end} unexpected bytes after the key`, outer.end);
  if (label === 'ENCRYPTED PRIVATE KEY') {
    return {
      type: 'private-key', der, format: 'encrypted-pkcs8', encrypted: true, encryption: describeEncryption(der),
      publicKey: { algorithm: 'unknown (encrypted)', size: null, curve: null },
    };
  }
  if (label === 'RSA PRIVATE KEY') return { type: 'private-key', der, format: 'pkcs1', encrypted: false, publicKey: rsaFromPkcs1(der) };
  if (label === 'EC PRIVATE KEY') {
    return { type: 'private-key', der, format: 'sec1', encrypted: false, publicKey: ecFromSec1(der, 0, der.length) };
  }
  if (label === 'PRIVATE KEY') return { type: 'private-key', der, format: 'pkcs8', encrypted: false, publicKey: fromPkcs8(der) };
  // Unlabelled DER: try the shapes in turn.
  const tries: Array<() => PrivateKeyInfo> = [
    () => ({ type: 'private-key', der, format: 'pkcs8', encrypted: false, publicKey: fromPkcs8(der) }),
    () => ({ type: 'private-key', der, format: 'pkcs1', encrypted: false, publicKey: rsaFromPkcs1(der) }),
    () => ({ type: 'private-key', der, format: 'sec1', encrypted: false, publicKey: ecFromSec1(der, 0, der.length) }),
  ];
  for (const t of tries) {
    try {
      const k = t();
      if (k.publicKey.size) return k;
    } catch {
      /* next shape */
    }
  }
  throw new DerError('not a private key structure (PKCS#8, PKCS#1 or SEC1)', 0);
}

export function decodePublicKey(der: Uint8Array, label: string | undefined, hasher: Hasher): PublicKeyObject {
  const outer = readTlv(der, 0);
  if (outer.end !== der.length) throw new DerError(`${der.length - outer.end} unexpected bytes after the key`, outer.end);
  if (label === 'RSA PUBLIC KEY') {
    const spki = rsaPublicKeyToSpki(der);
    return { type: 'public-key', der, format: 'pkcs1', publicKey: readSpki(spki, readTlv(spki, 0)), sha1: hasher.sha1(der), sha256: hasher.sha256(der) };
  }
  const publicKey = readSpki(der, outer);
  return { type: 'public-key', der: whole(der, outer), format: 'spki', publicKey, sha1: hasher.sha1(der), sha256: hasher.sha256(der) };
}
