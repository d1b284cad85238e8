// Node-only services injected into the core: native hashing and signature verification. (The core's portable SHA works
// anywhere; node:crypto is several times faster for large bundles.)
import type * as NodeCrypto from 'node:crypto';
import type { KeyObject, VerifyKeyObjectInput, VerifyPublicKeyInput } from 'node:crypto';
import type { ContainerCrypto } from '../core/containers/crypto';
import type { Hasher } from '../core/hash';
import { pssParams, type SignedData, type SignatureVerifier, type SyncSignatureVerifier } from '../core/verify';

// node:crypto is loaded on first use, not with the module: the extension imports this file at
// activation, and loading crypto takes milliseconds that activation does not need to spend.
let cryptoModule: typeof NodeCrypto | undefined;
const nc = (): typeof NodeCrypto => (cryptoModule ??= require('node:crypto') as typeof NodeCrypto);

// crypto.hash (Node 20.12+): a one-shot digest without a Hash object, about twice as fast on the
// small inputs (certificates) hashed here by the thousand; createHash where it is missing.
let digestHex: ((alg: string, d: Uint8Array) => string) | undefined;
function hexDigest(alg: string, d: Uint8Array): string {
  if (!digestHex) {
    const c = nc();
    const oneShot = (c as { hash?: (alg: string, data: Uint8Array, enc: 'hex') => string }).hash;
    digestHex = oneShot ? (a, x) => oneShot(a, x, 'hex') : (a, x) => c.createHash(a).update(x).digest('hex');
  }
  return digestHex(alg, d);
}

export const nodeHasher: Hasher = { sha1: (d) => hexDigest('sha1', d), sha256: (d) => hexDigest('sha256', d) };

/**
 * Signature verification through node:crypto (OpenSSL): synchronous, with the issuer's key
 * parsed once per key, so path validation of thousands of certificates stays fast. Also checks
 * what WebCrypto cannot: DSA, SHA-224, RSA-PSS keys. Same contract as the core's
 * `webCryptoVerifier`: true/false, or undefined when the algorithm cannot be checked.
 */
const keyCache = new WeakMap<Uint8Array, KeyObject | null>();

function publicKeyOf(spki: Uint8Array): KeyObject | null {
  let k = keyCache.get(spki);
  if (k === undefined) {
    try {
      k = nc().createPublicKey({ key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength), format: 'der', type: 'spki' });
    } catch {
      k = null;
    }
    keyCache.set(spki, k);
  }
  return k;
}

const NODE_HASH: Record<string, string> = { 'SHA-1': 'sha1', 'SHA-224': 'sha224', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const KEY_TYPES: Record<string, string[]> = { RSA: ['rsa', 'rsa-pss'], EC: ['ec'], Ed25519: ['ed25519'], Ed448: ['ed448'], DSA: ['dsa'] };

type VerifyKey = KeyObject | VerifyKeyObjectInput | VerifyPublicKeyInput;

/** crypto.verify in libuv's thread pool: signature checks of many certificates run in parallel with parsing. */
function verifyAsync(alg: string | null, data: Uint8Array, key: VerifyKey, sig: Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      nc().verify(alg, data, key, sig, (e, ok) => resolve(!e && ok));
    } catch {
      resolve(false);
    }
  });
}

/** crypto.verify on this thread: no job copies, thread hand-offs or wake-ups (cheaper in CPU when the checks are short). */
function verifySync(alg: string | null, data: Uint8Array, key: VerifyKey, sig: Uint8Array): boolean {
  try {
    return nc().verify(alg, data, key, sig);
  } catch {
    return false;
  }
}

/** The key and parameters node:crypto needs for `signed`, handed to `run` (undefined: not checkable; false: wrong key type). */
function signatureVerifier<R>(run: (alg: string | null, data: Uint8Array, key: VerifyKey, sig: Uint8Array) => R): (issuerSpki: Uint8Array, signed: SignedData) => R | boolean | undefined {
  return (issuerSpki, signed) => {
    const key = publicKeyOf(issuerSpki);
    if (!key) return undefined;
    const sig = signed.signature;
    const types = KEY_TYPES[sig.key];
    if (!types) return undefined;
    if (!types.includes(key.asymmetricKeyType ?? '')) return false;
    const data = signed.tbs;
    const value = signed.signatureValue;
    if (sig.key === 'Ed25519' || sig.key === 'Ed448') return run(null, data, key, value);
    if (sig.name === 'rsassaPss') {
      const p = pssParams(signed.signatureParams);
      const hash = NODE_HASH[p.hash];
      if (!p.supported || !hash || p.mgf1Hash !== p.hash) return undefined;
      return run(hash, data, { key, padding: nc().constants.RSA_PKCS1_PSS_PADDING, saltLength: p.saltLength }, value);
    }
    const hash = sig.hash ? NODE_HASH[sig.hash] : undefined;
    if (!hash) return undefined;
    if (key.asymmetricKeyType === 'rsa-pss') return false;
    return run(hash, data, sig.key === 'EC' || sig.key === 'DSA' ? { key, dsaEncoding: 'der' } : key, value);
  };
}

export const nodeSignatureVerifier: SignatureVerifier = signatureVerifier(verifyAsync);
/** The same checks on the calling thread (the `verify` command: see src/cli/verify.ts). */
export const nodeSignatureVerifierSync: SyncSignatureVerifier = signatureVerifier(verifySync);

const u8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** Keystore decryption primitives (PKCS#12, JKS) through node:crypto: synchronous; undefined on bad padding. */
export const nodeContainerCrypto: ContainerCrypto = {
  digest: (hash, data) => u8(nc().createHash(NODE_HASH[hash]).update(data).digest()),
  hmac: (hash, key, data) => u8(nc().createHmac(NODE_HASH[hash], key).update(data).digest()),
  pbkdf2: (hash, password, salt, iterations, keyLength) => u8(nc().pbkdf2Sync(password, salt, iterations, keyLength, NODE_HASH[hash])),
  decrypt: (cipher, key, iv, data) => {
    try {
      const d = nc().createDecipheriv(cipher, key, iv);
      return u8(Buffer.concat([d.update(data), d.final()]));
    } catch {
      return undefined;
    }
  },
};
