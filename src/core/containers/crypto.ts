// Password-based decryption for keystores (PKCS#12, JKS): the key derivations and ciphers, over
// primitives the platform passes in (`ContainerCrypto`: Node's crypto in src/node/platform.ts),
// so the core stays pure. RC2 is written here by hand: PKCS#12 files made by openssl before 3.0
// (and `-legacy`, and cert-manager's default LegacyRC2 profile) encrypt their certificates with
// 40-bit RC2, which OpenSSL 3 only offers in its legacy provider, and Node does not load it.
import { children, readOid, readSmallInteger, readTlv, TAG, type Tlv } from '../der';

export type HashName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';
export type CipherName = 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'des-ede3-cbc' | 'des-cbc';

/** Synchronous primitives from the platform. `decrypt` returns undefined on a wrong key (bad padding). */
export interface ContainerCrypto {
  digest(hash: HashName, data: Uint8Array): Uint8Array;
  hmac(hash: HashName, key: Uint8Array, data: Uint8Array): Uint8Array;
  pbkdf2(hash: HashName, password: Uint8Array, salt: Uint8Array, iterations: number, keyLength: number): Uint8Array;
  decrypt(cipher: CipherName, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array | undefined;
}

/**
 * A hostile file may ask for billions of KDF rounds: more than this per derivation is refused
 * (the tools use 2,048 (openssl) to 10,000 (keytool); each PKCS#12-KDF round is one hash call).
 */
export const MAX_ITERATIONS = 100_000;
/** And all derivations of one keystore together stop here (many bags each asking for the maximum). */
export const MAX_TOTAL_ITERATIONS = 150_000;

/** Counts KDF work for one keystore. */
export class WorkBudget {
  used = 0;
  take(iterations: number): string | undefined {
    if (!Number.isFinite(iterations) || iterations < 1) return `iteration count ${iterations} is not valid`;
    if (iterations > MAX_ITERATIONS) return `iteration count ${iterations} is over ${MAX_ITERATIONS}: not attempted`;
    if (this.used + iterations > MAX_TOTAL_ITERATIONS) return `the keystore asks for more than ${MAX_TOTAL_ITERATIONS} key-derivation rounds in all: not attempted`;
    this.used += iterations;
    return undefined;
  }
}

const HASH_OIDS: Record<string, HashName> = {
  '1.3.14.3.2.26': 'SHA-1', '2.16.840.1.101.3.4.2.4': 'SHA-224', '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384', '2.16.840.1.101.3.4.2.3': 'SHA-512',
};
const HMAC_OIDS: Record<string, HashName> = {
  '1.2.840.113549.2.7': 'SHA-1', '1.2.840.113549.2.8': 'SHA-224', '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384', '1.2.840.113549.2.11': 'SHA-512',
};
const CIPHER_OIDS: Record<string, { cipher: CipherName; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.3.14.3.2.7': { cipher: 'des-cbc', keyLength: 8 },
};
/** PKCS#12 PBE schemes (RFC 7292 appendix C): key length, and the cipher (RC4 is not supported). */
const PKCS12_PBE: Record<string, { name: string; cipher?: CipherName | 'rc2'; keyLength: number; rc2Bits?: number }> = {
  '1.2.840.113549.1.12.1.1': { name: 'pbeWithSHAAnd128BitRC4', keyLength: 16 },
  '1.2.840.113549.1.12.1.2': { name: 'pbeWithSHAAnd40BitRC4', keyLength: 5 },
  '1.2.840.113549.1.12.1.3': { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', cipher: 'des-ede3-cbc', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { name: 'pbeWithSHAAnd128BitRC2-CBC', cipher: 'rc2', keyLength: 16, rc2Bits: 128 },
  '1.2.840.113549.1.12.1.6': { name: 'pbeWithSHAAnd40BitRC2-CBC', cipher: 'rc2', keyLength: 5, rc2Bits: 40 },
};
const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';

export function hashOfOid(oid: string): HashName | undefined {
  return HASH_OIDS[oid];
}

/** The password as PKCS#12's KDF wants it: BMPString (UTF-16BE) with a two-zero-byte terminator; empty for no password. */
export function bmpPassword(password: string | undefined): Uint8Array {
  if (password === undefined) return new Uint8Array(0);
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const c = password.charCodeAt(i);
    out[2 * i] = c >> 8;
    out[2 * i + 1] = c & 0xff;
  }
  return out;
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

const BLOCK_SIZE: Record<HashName, number> = { 'SHA-1': 64, 'SHA-224': 64, 'SHA-256': 64, 'SHA-384': 128, 'SHA-512': 128 };

/** RFC 7292 appendix B.2: the PKCS#12 key derivation (ID 1 key, 2 IV, 3 MAC key). */
export function pkcs12Kdf(crypto: ContainerCrypto, hash: HashName, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number): Uint8Array {
  const v = BLOCK_SIZE[hash];
  const fill = (src: Uint8Array) => {
    if (!src.length) return new Uint8Array(0);
    const out = new Uint8Array(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
    return out;
  };
  const S = fill(salt);
  const P = fill(password);
  const I = new Uint8Array(S.length + P.length);
  I.set(S);
  I.set(P, S.length);
  const D = new Uint8Array(v).fill(id);
  const out = new Uint8Array(n);
  let done = 0;
  const DI = new Uint8Array(v + I.length);
  while (done < n) {
    DI.set(D);
    DI.set(I, v);
    let A = crypto.digest(hash, DI);
    for (let r = 1; r < iterations; r++) A = crypto.digest(hash, A);
    out.set(A.subarray(0, Math.min(A.length, n - done)), done);
    done += A.length;
    if (done >= n) break;
    const B = new Uint8Array(v);
    for (let i = 0; i < v; i++) B[i] = A[i % A.length];
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const x = I[j + k] + B[k] + carry;
        I[j + k] = x & 0xff;
        carry = x >> 8;
      }
    }
  }
  return out;
}

// --- RC2 (RFC 2268), decryption in CBC mode only ---------------------------------------------
const PITABLE = hexBytes(
  'd978f9c419ddb5ed28e9fd794aa0d89dc67e37832b76538e624c6488448bfba2179a59f587b34f1361456d8d09817d32bd8f40eb86b77b0bf09521225c6b4e82' +
  '54d66593ce60b21c7356c014a78cf1dc1275ca1f3bbee4d1423dd430a33cb6266fbf0eda4669075727f21d9bbc944303f811c7f690ef3ee706c3d52fc8661ed7' +
  '08e8eade8052eef784aa72ac354d6a2a961ad2715a1549744b9fd05e0418a4ecc2e0416e0f51cbcc2491af50a1f47039997c3a8523b8b47afc02365b25559731' +
  '2d5dfa98e38a92ae05df2910676cbac9d300e6cfe19ea82c6316013f58e289a90d38341bab33ffb0bb480c5fb9b1cd2ec5f3db47e5a59c770aa62068fe7fc1ad',
);

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function rc2Schedule(key: Uint8Array, bits: number): Uint16Array {
  const L = new Uint8Array(128);
  L.set(key.subarray(0, 128));
  const T = Math.min(key.length, 128);
  for (let i = T; i < 128; i++) L[i] = PITABLE[(L[i - 1] + L[i - T]) & 0xff];
  const T8 = (bits + 7) >> 3;
  const TM = 0xff >> (8 * T8 - bits);
  L[128 - T8] = PITABLE[L[128 - T8] & TM];
  for (let i = 127 - T8; i >= 0; i--) L[i] = PITABLE[L[i + 1] ^ L[i + T8]];
  const K = new Uint16Array(64);
  for (let i = 0; i < 64; i++) K[i] = L[2 * i] | (L[2 * i + 1] << 8);
  return K;
}

function rc2DecryptBlock(K: Uint16Array, b: Uint8Array, out: Uint8Array): void {
  const R = [b[0] | (b[1] << 8), b[2] | (b[3] << 8), b[4] | (b[5] << 8), b[6] | (b[7] << 8)];
  const S = [1, 2, 3, 5];
  let j = 63;
  const mix = () => {
    for (let i = 3; i >= 0; i--) {
      const r = R[i] & 0xffff;
      R[i] = ((r >>> S[i]) | (r << (16 - S[i]))) & 0xffff;
      R[i] = (R[i] - K[j] - (R[(i + 3) & 3] & R[(i + 2) & 3]) - (~R[(i + 3) & 3] & R[(i + 1) & 3])) & 0xffff;
      j--;
    }
  };
  const mash = () => {
    for (let i = 3; i >= 0; i--) R[i] = (R[i] - K[R[(i + 3) & 3] & 63]) & 0xffff;
  };
  for (let r = 0; r < 5; r++) mix();
  mash();
  for (let r = 0; r < 6; r++) mix();
  mash();
  for (let r = 0; r < 5; r++) mix();
  for (let i = 0; i < 4; i++) { out[2 * i] = R[i] & 0xff; out[2 * i + 1] = R[i] >> 8; }
}

/** One RC2 block decrypted (RFC 2268's test vectors check it). */
export function rc2DecryptBlock8(key: Uint8Array, bits: number, block: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  rc2DecryptBlock(rc2Schedule(key, bits), block, out);
  return out;
}

/** RC2-CBC decryption with PKCS#7 padding removed; undefined when the padding is wrong (wrong password). */
export function rc2CbcDecrypt(key: Uint8Array, bits: number, iv: Uint8Array, data: Uint8Array): Uint8Array | undefined {
  if (!data.length || data.length % 8 || iv.length !== 8) return undefined;
  const K = rc2Schedule(key, bits);
  const out = new Uint8Array(data.length);
  const block = new Uint8Array(8);
  let prev = iv;
  for (let o = 0; o < data.length; o += 8) {
    const c = data.subarray(o, o + 8);
    rc2DecryptBlock(K, c, block);
    for (let i = 0; i < 8; i++) out[o + i] = block[i] ^ prev[i];
    prev = c;
  }
  return unpad(out, 8);
}

export function unpad(out: Uint8Array, bs: number): Uint8Array | undefined {
  const n = out[out.length - 1];
  if (!n || n > bs || n > out.length) return undefined;
  for (let i = out.length - n; i < out.length; i++) if (out[i] !== n) return undefined;
  return out.subarray(0, out.length - n);
}

// --- Encryption schemes ------------------------------------------------------------------------

export interface PbeResult {
  /** The plaintext, when a password was tried and fit. */
  plain?: Uint8Array;
  /** "PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)", "pbeWithSHAAnd40BitRC2-CBC". */
  scheme: string;
  /** Why it was not decrypted: "password needed", "wrong password", unsupported scheme, too many rounds. */
  problem?: 'password' | 'wrong-password' | 'unsupported' | 'limit';
  detail?: string;
}

const readInt = (buf: Uint8Array, t: Tlv | undefined): number | undefined => {
  if (!t || t.tag !== TAG.INTEGER) return undefined;
  if (t.end - t.body > 6) return Number.MAX_SAFE_INTEGER;
  return readSmallInteger(buf, t);
};

/**
 * Decrypts `data` encrypted under the AlgorithmIdentifier `algId` (DER) with each of the
 * `passwords` in turn (undefined: no password). Never throws: a malformed parameter set is
 * "unsupported" with the reason.
 */
export function pbeDecrypt(crypto: ContainerCrypto | undefined, algId: Uint8Array, data: Uint8Array, passwords: (string | undefined)[], budget: WorkBudget): PbeResult {
  let scheme = 'unknown encryption';
  try {
    const seq = readTlv(algId, 0);
    const [oidT, paramsT] = children(algId, seq);
    const oid = readOid(algId, oidT);
    const pkcs12 = PKCS12_PBE[oid];
    if (pkcs12) {
      scheme = pkcs12.name;
      if (!pkcs12.cipher) return { scheme, problem: 'unsupported', detail: `${scheme} is not supported` };
      const [saltT, iterT] = children(algId, paramsT);
      const salt = algId.subarray(saltT.body, saltT.end);
      const iterations = readInt(algId, iterT) ?? 1;
      if (!crypto) return { scheme, problem: 'password' };
      if (!passwords.length) return { scheme, problem: 'password' };
      for (const pw of passwords) {
        const over = budget.take(iterations * 2);
        if (over) return { scheme, problem: 'limit', detail: over };
        const pwBytes = bmpPassword(pw);
        const key = pkcs12Kdf(crypto, 'SHA-1', pwBytes, salt, 1, iterations, pkcs12.keyLength);
        const iv = pkcs12Kdf(crypto, 'SHA-1', pwBytes, salt, 2, iterations, 8);
        const plain = pkcs12.cipher === 'rc2'
          ? rc2CbcDecrypt(key, pkcs12.rc2Bits!, iv, data)
          : crypto.decrypt('des-ede3-cbc', pkcs12.keyLength === 16 ? concat(key, key.subarray(0, 8)) : key, iv, data);
        if (plain && looksLikeDer(plain)) return { scheme, plain };
      }
      return { scheme, problem: 'wrong-password' };
    }
    if (oid === PBES2) {
      const [kdfT, encT] = children(algId, paramsT);
      const [kdfOidT, kdfParamsT] = children(algId, kdfT);
      const [encOidT, ivT] = children(algId, encT);
      const enc = CIPHER_OIDS[readOid(algId, encOidT)];
      if (readOid(algId, kdfOidT) !== PBKDF2) return { scheme: 'PBES2 (unknown KDF)', problem: 'unsupported', detail: 'PBES2 with a KDF other than PBKDF2 is not supported' };
      const kp = children(algId, kdfParamsT);
      const salt = algId.subarray(kp[0].body, kp[0].end);
      const iterations = readInt(algId, kp[1]) ?? 1;
      let i = 2;
      let keyLength: number | undefined = enc?.keyLength;
      if (kp[i]?.tag === TAG.INTEGER) keyLength = readInt(algId, kp[i++]);
      let prf: HashName | undefined = 'SHA-1';
      if (kp[i]?.tag === TAG.SEQUENCE) prf = HMAC_OIDS[readOid(algId, readTlv(algId, kp[i].body, kp[i].end))];
      scheme = `PBES2 (PBKDF2-HMAC-${prf?.replace('-', '') ?? '?'}, ${enc?.cipher.toUpperCase() ?? 'unknown cipher'})`;
      if (!enc || !prf || !keyLength || keyLength > 64) return { scheme, problem: 'unsupported', detail: `${scheme} is not supported` };
      if (!crypto || !passwords.length) return { scheme, problem: 'password' };
      const iv = algId.subarray(ivT.body, ivT.end);
      for (const pw of passwords) {
        const over = budget.take(iterations);
        if (over) return { scheme, problem: 'limit', detail: over };
        const key = crypto.pbkdf2(prf, utf8(pw ?? ''), salt, iterations, keyLength);
        const plain = crypto.decrypt(enc.cipher, key, iv, data);
        if (plain && looksLikeDer(plain)) return { scheme, plain };
      }
      return { scheme, problem: 'wrong-password' };
    }
    return { scheme: oid, problem: 'unsupported', detail: `encryption ${oid} is not supported` };
  } catch {
    return { scheme, problem: 'unsupported', detail: `the ${scheme} parameters are malformed` };
  }
}

/** A wrong key leaves correct padding about once in 256 tries: a plaintext must also start as a SEQUENCE. */
function looksLikeDer(b: Uint8Array): boolean {
  return b.length > 1 && b[0] === TAG.SEQUENCE;
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}
