// SubjectPublicKeyInfo and bare public keys.
import { toHex } from './bytes';
import { children, content, DerError, expect, integerBitLength, readBitString, readOid, readTlv, TAG, Tlv, whole } from './der';
import { CURVES, KEY_ALGORITHMS } from './oids';
import type { PublicKeyInfo } from './model';

export function readSpki(buf: Uint8Array, spki: Tlv): PublicKeyInfo {
  if (spki.tag !== TAG.SEQUENCE) throw new DerError('expected SubjectPublicKeyInfo (SEQUENCE)', spki.start);
  const algId = expect(buf, spki.body, TAG.SEQUENCE, 'AlgorithmIdentifier', spki.end);
  const oidTlv = readTlv(buf, algId.body, algId.end);
  const oid = readOid(buf, oidTlv);
  const keyBits = readBitString(buf, expect(buf, algId.end, TAG.BIT_STRING, 'subjectPublicKey', spki.end));
  const algorithm = KEY_ALGORITHMS[oid] ?? oid;
  const info: PublicKeyInfo = {
    algorithm, size: null, curve: null, spki: whole(buf, spki), keyMaterialHex: toHex(keyBits.bytes),
  };
  if (algorithm === 'RSA' || algorithm === 'RSA-PSS') {
    const key = keyBits.bytes;
    const seq = readTlv(key, 0);
    const [mod] = children(key, seq);
    if (!mod || mod.tag !== TAG.INTEGER) throw new DerError('RSA public key has no modulus', spki.start);
    info.size = integerBitLength(key, mod);
    info.keyMaterialHex = toHex(content(key, mod)).replace(/^(00)+/, '');
  } else if (algorithm === 'EC') {
    Object.assign(info, ecDomain(buf, oidTlv.end < algId.end ? readTlv(buf, oidTlv.end, algId.end) : undefined));
  } else if (algorithm === 'Ed25519' || algorithm === 'X25519') {
    info.size = 256;
  } else if (algorithm === 'Ed448') {
    info.size = 456;
  } else if (algorithm === 'X448') {
    info.size = 448;
  } else if (algorithm === 'DSA' || algorithm === 'DH') {
    // Both carry their group as parameters starting with the prime p (RFC 3279 2.3.2, 2.3.3).
    const params = oidTlv.end < algId.end ? readTlv(buf, oidTlv.end, algId.end) : undefined;
    if (params?.tag === TAG.SEQUENCE) {
      const [p] = children(buf, params);
      if (p) info.size = integerBitLength(buf, p);
    }
  }
  return info;
}

/**
 * The curve and size of EC domain parameters (RFC 5480 ECParameters): a named curve from the
 * table, or for explicit parameters (SEC 1 C.2) the bit length of the group order, which is
 * what openssl reports as the key size. An unknown named curve has no known size.
 */
export function ecDomain(buf: Uint8Array, params: Tlv | undefined): { curve: string | null; size: number | null } {
  if (params?.tag === TAG.OID) {
    const c = readOid(buf, params);
    return { curve: CURVES[c]?.name ?? c, size: CURVES[c]?.bits ?? null };
  }
  if (params?.tag === TAG.SEQUENCE) {
    // SEQUENCE { version, fieldID, curve, base, order, cofactor OPTIONAL }
    const [version, field, curve, base, order] = children(buf, params);
    if (version?.tag !== TAG.INTEGER || field?.tag !== TAG.SEQUENCE || curve?.tag !== TAG.SEQUENCE || base?.tag !== TAG.OCTET_STRING || order?.tag !== TAG.INTEGER) {
      throw new DerError('explicit EC parameters need version, fieldID, curve, base point and order (SEC 1 C.2)', params.start);
    }
    return { curve: 'explicit parameters', size: integerBitLength(buf, order) };
  }
  return { curve: params?.tag === TAG.NULL ? 'implicitCA' : null, size: null };
}

/** `RSA PUBLIC KEY` (PKCS#1 RSAPublicKey) wrapped as SubjectPublicKeyInfo. */
export function rsaPublicKeyToSpki(pkcs1: Uint8Array): Uint8Array {
  const bitString = concat([0x03], derLength(pkcs1.length + 1), [0x00], pkcs1);
  const algId = Uint8Array.from([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);
  const body = concat(algId, bitString);
  return concat([0x30], derLength(body.length), body);
}

export function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  while (n > 0) { bytes.unshift(n & 0xff); n = Math.floor(n / 256); }
  return [0x80 | bytes.length, ...bytes];
}

export function concat(...parts: ArrayLike<number>[]): Uint8Array {
  const len = parts.reduce((a, p) => a + p.length, 0);
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/**
 * A DSA SubjectPublicKeyInfo whose AlgorithmIdentifier has no parameters, completed with the
 * parameters of an issuer's DSA key (RFC 3279 section 2.3.2 parameter inheritance); undefined
 * when `spki` is not such a key or `from` has no parameters to give.
 */
export function inheritDsaParameters(spki: Uint8Array, from: Uint8Array): Uint8Array | undefined {
  try {
    const algOf = (b: Uint8Array) => {
      const outer = readTlv(b, 0);
      const alg = readTlv(b, outer.body, outer.end);
      const oid = readTlv(b, alg.body, alg.end);
      return { outer, alg, oid, isDsa: readOid(b, oid) === '1.2.840.10040.4.1' };
    };
    const a = algOf(spki), f = algOf(from);
    if (!a.isDsa || !f.isDsa || a.oid.end !== a.alg.end || f.oid.end === f.alg.end) return undefined;
    const algBody = concat(spki.subarray(a.oid.start, a.oid.end), from.subarray(f.oid.end, f.alg.end));
    const body = concat([0x30], derLength(algBody.length), algBody, spki.subarray(a.alg.end, a.outer.end));
    return concat([0x30], derLength(body.length), body);
  } catch {
    return undefined;
  }
}
