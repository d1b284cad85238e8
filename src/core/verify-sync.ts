// Synchronous signature verification for lint. Lint runs synchronously (a keystroke re-lints, the
// CLI and the language server share one pass), and WebCrypto (src/core/verify.ts) is async only;
// node:crypto is synchronous but the core takes no Node built-ins. So the core carries this small
// verifier for what meshes and PKIs sign with in practice: RSA PKCS#1 v1.5 and ECDSA on P-256 and
// P-384, with SHA-1/256/384/512, on BigInt. Anything else (RSA-PSS, Ed25519, DSA, other curves)
// answers undefined: not checked, never reported. Written by hand because no library in the
// project verifies synchronously without Node; it checks public data only (no secret is handled,
// so constant time does not matter), and the unit tests compare it with openssl's signatures.
import { children, content, readTlv, TAG } from './der';
import { sha1, sha256 } from './hash';
import type { CertificateInfo } from './model';
import { ecdsaDerToRaw, type SignedData } from './verify';

// ---- SHA-384 / SHA-512 (FIPS 180-4), constants computed from the primes as the standard defines them

const M64 = (1n << 64n) - 1n;

function iroot(n: bigint, k: bigint): bigint {
  // Integer k-th root by Newton's method, from an overestimate.
  let x = 1n << (BigInt(n.toString(2).length) / k + 1n);
  for (;;) {
    const y = ((k - 1n) * x + n / x ** (k - 1n)) / k;
    if (y >= x) return x;
    x = y;
  }
}

const PRIMES: bigint[] = (() => {
  const out: bigint[] = [];
  for (let n = 2; out.length < 80; n++) if (out.every((p) => n % Number(p) !== 0)) out.push(BigInt(n));
  return out;
})();
/** First 64 bits of the fractional part of the k-th root of a prime. */
const frac = (p: bigint, k: bigint) => iroot(p << (64n * k), k) & M64;
const K512 = PRIMES.map((p) => frac(p, 3n));
const H512 = PRIMES.slice(0, 8).map((p) => frac(p, 2n));
const H384 = PRIMES.slice(8, 16).map((p) => frac(p, 2n));

const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & M64;

function sha512Family(data: Uint8Array, init: bigint[], outBytes: number): Uint8Array {
  const total = Math.ceil((data.length + 17) / 128) * 128;
  const buf = new Uint8Array(total);
  buf.set(data);
  buf[data.length] = 0x80;
  const view = new DataView(buf.buffer);
  const bits = data.length * 8;
  view.setUint32(total - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(total - 4, bits >>> 0);
  const h = init.slice();
  const w = new Array<bigint>(80);
  for (let off = 0; off < total; off += 128) {
    for (let i = 0; i < 16; i++) w[i] = view.getBigUint64(off + i * 8);
    for (let i = 16; i < 80; i++) {
      const s0 = rotr(w[i - 15], 1n) ^ rotr(w[i - 15], 8n) ^ (w[i - 15] >> 7n);
      const s1 = rotr(w[i - 2], 19n) ^ rotr(w[i - 2], 61n) ^ (w[i - 2] >> 6n);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) & M64;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 80; i++) {
      const t1 = (hh + (rotr(e, 14n) ^ rotr(e, 18n) ^ rotr(e, 41n)) + ((e & f) ^ (~e & M64 & g)) + K512[i] + w[i]) & M64;
      const t2 = ((rotr(a, 28n) ^ rotr(a, 34n) ^ rotr(a, 39n)) + ((a & b) ^ (a & c) ^ (b & c))) & M64;
      hh = g; g = f; f = e; e = (d + t1) & M64; d = c; c = b; b = a; a = (t1 + t2) & M64;
    }
    [a, b, c, d, e, f, g, hh].forEach((v, i) => { h[i] = (h[i] + v) & M64; });
  }
  const out = new Uint8Array(64);
  const ov = new DataView(out.buffer);
  h.forEach((v, i) => ov.setBigUint64(i * 8, v));
  return out.slice(0, outBytes);
}

export const sha512 = (d: Uint8Array) => sha512Family(d, H512, 64);
export const sha384 = (d: Uint8Array) => sha512Family(d, H384, 48);

const HASHES: Record<string, (d: Uint8Array) => Uint8Array> = { 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 };

// ---- numbers

const big = (b: Uint8Array) => (b.length ? BigInt('0x' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')) : 0n);

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
  }
  return r;
}

function modInv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [((a % m) + m) % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

// ---- RSA PKCS#1 v1.5 (RFC 8017 8.2.2), with the DigestInfo prefixes of RFC 8017 9.2 note 1

const DIGEST_INFO: Record<string, string> = {
  'SHA-1': '3021300906052b0e03021a05000414',
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

function rsaVerify(keyBits: Uint8Array, hash: string, digest: Uint8Array, sig: Uint8Array): boolean | undefined {
  const seq = readTlv(keyBits, 0);
  const [nT, eT] = children(keyBits, seq);
  if (!nT || !eT || nT.tag !== TAG.INTEGER || eT.tag !== TAG.INTEGER) return undefined;
  const n = big(content(keyBits, nT)), e = big(content(keyBits, eT));
  const k = Math.ceil(n.toString(16).length / 2);
  if (sig.length !== k || k < 64) return sig.length === k ? undefined : false;
  const s = big(sig);
  if (s >= n) return false;
  const em = modPow(s, e, n).toString(16).padStart(k * 2, '0');
  const t = DIGEST_INFO[hash] + Array.from(digest, (x) => x.toString(16).padStart(2, '0')).join('');
  const expected = '0001' + 'ff'.repeat(k - 3 - t.length / 2) + '00' + t;
  return em === expected;
}

// ---- ECDSA (SEC 1 4.1.4) on the NIST curves P-256 and P-384 (a = -3), Jacobian coordinates

interface Curve { p: bigint; n: bigint; gx: bigint; gy: bigint; bytes: number }
const CURVES: Record<string, Curve> = {
  'P-256': {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    bytes: 32,
  },
  'P-384': {
    p: (1n << 384n) - (1n << 128n) - (1n << 96n) + (1n << 32n) - 1n,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    bytes: 48,
  },
};

type J = [bigint, bigint, bigint];
const INF: J = [1n, 1n, 0n];

function dbl(P: J, p: bigint): J {
  const [x, y, z] = P;
  if (z === 0n || y === 0n) return INF;
  const yy = (y * y) % p;
  const s = (4n * x * yy) % p;
  const zz = (z * z) % p;
  const m = (3n * (x - zz) * (x + zz)) % p;
  const x3 = (((m * m - 2n * s) % p) + p) % p;
  const y3 = (((m * (s - x3) - 8n * yy * yy) % p) + p) % p;
  return [x3, y3, (2n * y * z) % p];
}

function add(P: J, Q: J, p: bigint): J {
  if (P[2] === 0n) return Q;
  if (Q[2] === 0n) return P;
  const z1z1 = (P[2] * P[2]) % p, z2z2 = (Q[2] * Q[2]) % p;
  const u1 = (P[0] * z2z2) % p, u2 = (Q[0] * z1z1) % p;
  const s1 = (P[1] * Q[2] * z2z2) % p, s2 = (Q[1] * P[2] * z1z1) % p;
  const h = (((u2 - u1) % p) + p) % p, r = (((s2 - s1) % p) + p) % p;
  if (h === 0n) return r === 0n ? dbl(P, p) : INF;
  const hh = (h * h) % p, hhh = (hh * h) % p;
  const x3 = (((r * r - hhh - 2n * u1 * hh) % p) + p) % p;
  const y3 = (((r * (u1 * hh - x3) - s1 * hhh) % p) + p) % p;
  return [x3, y3, (P[2] * Q[2] * h) % p];
}

function ecdsaVerify(curve: Curve, point: Uint8Array, digest: Uint8Array, sigDer: Uint8Array): boolean | undefined {
  const { p, n, bytes } = curve;
  if (point.length !== 1 + 2 * bytes || point[0] !== 4) return undefined; // compressed points: not checked
  const Q: J = [big(point.subarray(1, 1 + bytes)), big(point.subarray(1 + bytes)), 1n];
  const raw = ecdsaDerToRaw(sigDer, bytes);
  if (!raw) return false;
  const r = big(raw.subarray(0, bytes)), s = big(raw.subarray(bytes));
  if (r <= 0n || r >= n || s <= 0n || s >= n) return false;
  // The digest's leftmost bits, as many as the order has.
  let z = big(digest);
  const excess = digest.length * 8 - n.toString(2).length;
  if (excess > 0) z >>= BigInt(excess);
  const w = modInv(s, n);
  const u1 = (z * w) % n, u2 = (r * w) % n;
  // Shamir's trick: u1*G + u2*Q in one pass.
  const G: J = [curve.gx, curve.gy, 1n];
  const GQ = add(G, Q, p);
  let R: J = INF;
  for (let i = BigInt(n.toString(2).length) - 1n; i >= 0n; i--) {
    R = dbl(R, p);
    const a = (u1 >> i) & 1n, b = (u2 >> i) & 1n;
    if (a && b) R = add(R, GQ, p);
    else if (a) R = add(R, G, p);
    else if (b) R = add(R, Q, p);
  }
  if (R[2] === 0n) return false;
  const zi = modInv(R[2], p);
  const x = (R[0] * zi * zi) % p;
  return x % n === r;
}

/** Verifies `signed` with the issuer's SubjectPublicKeyInfo: true, false, or undefined (not checkable here). */
export function verifySync(issuerSpki: Uint8Array, signed: SignedData): boolean | undefined {
  try {
    const spki = readTlv(issuerSpki, 0);
    const [algId, keyT] = children(issuerSpki, spki);
    if (!algId || !keyT || keyT.tag !== TAG.BIT_STRING) return undefined;
    const keyBits = content(issuerSpki, keyT).subarray(1);
    const oid = content(issuerSpki, readTlv(issuerSpki, algId.body, algId.end));
    const oidHex = Array.from(oid, (x) => x.toString(16).padStart(2, '0')).join('');
    const hash = signed.signature.hash;
    const h = hash ? HASHES[hash] : undefined;
    if (!h) return undefined;
    const digest = h(signed.tbs);
    if (oidHex === '2a864886f70d010101') { // rsaEncryption
      if (signed.signature.key !== 'RSA' || signed.signature.name === 'rsassaPss') return signed.signature.key === 'RSA' ? undefined : false;
      return rsaVerify(keyBits, hash!, digest, signed.signatureValue);
    }
    if (oidHex === '2a8648ce3d0201') { // id-ecPublicKey, with a named curve
      if (signed.signature.key !== 'EC') return false;
      const curveOid = Array.from(content(issuerSpki, readTlv(issuerSpki, readTlv(issuerSpki, algId.body, algId.end).end, algId.end)), (x) => x.toString(16).padStart(2, '0')).join('');
      const curve = curveOid === '2a8648ce3d030107' ? CURVES['P-256'] : curveOid === '2b81040022' ? CURVES['P-384'] : undefined;
      return curve ? ecdsaVerify(curve, keyBits, digest, signed.signatureValue) : undefined;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** Results by subject + issuer fingerprint: bounded, cleared when full. */
const cache = new Map<string, boolean | undefined>();
const MAX_CACHED = 4096;

/** Whether `parent`'s key signed `child` (undefined: the algorithm is not checked here). Cached. */
export function signedBySync(child: CertificateInfo, parent: CertificateInfo): boolean | undefined {
  const k = child.sha256 + parent.sha256;
  if (cache.has(k)) return cache.get(k);
  const r = verifySync(parent.publicKey.spki, { tbs: child.tbs, signature: child.signature, signatureValue: child.signatureValue, signatureParams: child.signatureParams });
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(k, r);
  return r;
}
