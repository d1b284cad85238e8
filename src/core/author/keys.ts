// Key pairs for authoring: generation through WebCrypto (globalThis.crypto), import of existing
// private keys (PKCS#8, SEC1, PKCS#1), signing, and the signature AlgorithmIdentifier that fits
// each key. Private key bytes stay in these objects: nothing here logs or renders them.
import { decodePrivateKey } from '../keys';
import { CURVES } from '../oids';
import { NULL, octets, oid, seq, int, uint } from './der-writer';
import { readTlv, children, content } from '../der';

export type KeyType = 'ecdsa-p256' | 'ecdsa-p384' | 'rsa-2048' | 'rsa-3072' | 'rsa-4096' | 'ed25519';
export type KeyAlgorithm = 'EC' | 'RSA' | 'Ed25519';

export interface KeySpec {
  label: string;
  algorithm: KeyAlgorithm;
  bits: number;
  curve?: 'P-256' | 'P-384';
}

/** The key types offered, in the order the pickers show them (the first is the default). */
export const KEY_TYPES: Record<KeyType, KeySpec> = {
  'ecdsa-p256': { label: 'ECDSA P-256', algorithm: 'EC', bits: 256, curve: 'P-256' },
  'ecdsa-p384': { label: 'ECDSA P-384', algorithm: 'EC', bits: 384, curve: 'P-384' },
  'rsa-2048': { label: 'RSA 2048', algorithm: 'RSA', bits: 2048 },
  'rsa-3072': { label: 'RSA 3072', algorithm: 'RSA', bits: 3072 },
  'rsa-4096': { label: 'RSA 4096', algorithm: 'RSA', bits: 4096 },
  ed25519: { label: 'Ed25519', algorithm: 'Ed25519', bits: 256 },
};

export const DEFAULT_KEY_TYPE: KeyType = 'ecdsa-p256';

export function isKeyType(s: string): s is KeyType {
  return Object.prototype.hasOwnProperty.call(KEY_TYPES, s);
}

export class AuthorError extends Error {}
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface AuthorKey {
  algorithm: KeyAlgorithm;
  bits: number;
  curve?: 'P-256' | 'P-384';
  /** Non-extractable signing key. */
  privateKey: CryptoKey;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** DER PKCS#8 PrivateKeyInfo (unencrypted): only for writing the key file. */
  pkcs8: Uint8Array;
}

const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
};

function subtle(): SubtleCrypto {
  const s = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!s) throw new AuthorError('WebCrypto (globalThis.crypto.subtle) is not available');
  return s;
}

export const ab = (u: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(u);

/** Resolves like `p`, or rejects with CancelledError as soon as `signal` aborts. */
export function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function importParams(algorithm: KeyAlgorithm, curve?: string): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  if (algorithm === 'RSA') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  if (algorithm === 'EC') return { name: 'ECDSA', namedCurve: curve! };
  return { name: 'Ed25519' };
}

/** Generates a key pair. Cancelling (signal) stops waiting; the generated key is discarded. */
export async function generateKey(type: KeyType, signal?: AbortSignal): Promise<AuthorKey> {
  const spec = KEY_TYPES[type];
  const s = subtle();
  let params: RsaHashedKeyGenParams | EcKeyGenParams | Algorithm;
  if (spec.algorithm === 'RSA') params = { name: 'RSASSA-PKCS1-v1_5', modulusLength: spec.bits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  else if (spec.algorithm === 'EC') params = { name: 'ECDSA', namedCurve: spec.curve! };
  else params = { name: 'Ed25519' };
  const pair = (await abortable(s.generateKey(params, true, ['sign', 'verify']) as Promise<CryptoKeyPair>, signal));
  const [spki, pkcs8] = await Promise.all([s.exportKey('spki', pair.publicKey), s.exportKey('pkcs8', pair.privateKey)]);
  if (signal?.aborted) throw new CancelledError();
  return { algorithm: spec.algorithm, bits: spec.bits, curve: spec.curve, privateKey: pair.privateKey, spki: new Uint8Array(spki), pkcs8: new Uint8Array(pkcs8) };
}

const CURVE_OIDS: Record<string, string> = Object.fromEntries(Object.entries(CURVES).map(([o, c]) => [c.name, o]));

/** Wraps PKCS#1 and SEC1 private keys into PKCS#8; PKCS#8 passes through. */
export function toPkcs8(der: Uint8Array, label?: string): { pkcs8: Uint8Array; algorithm: KeyAlgorithm; bits: number; curve?: 'P-256' | 'P-384' } {
  let info;
  try {
    info = decodePrivateKey(der, label);
  } catch (e) {
    throw new AuthorError(`not a private key: ${(e as Error).message}`);
  }
  if (info.encrypted) throw new AuthorError('the private key is encrypted: a passphrase is needed');
  const alg = info.publicKey.algorithm;
  const curve = info.publicKey.curve ?? undefined;
  let algorithm: KeyAlgorithm;
  if (alg === 'RSA') algorithm = 'RSA';
  else if (alg === 'EC' && (curve === 'P-256' || curve === 'P-384')) algorithm = 'EC';
  else if (alg === 'Ed25519') algorithm = 'Ed25519';
  else throw new AuthorError(`unsupported key for signing: ${alg}${curve ? ` ${curve}` : ''} (use ECDSA P-256/P-384, RSA or Ed25519)`);
  let pkcs8 = der;
  if (info.format === 'pkcs1') pkcs8 = seq(int(0), seq(oid(OID.rsaEncryption), NULL), octets(der));
  else if (info.format === 'sec1') pkcs8 = seq(int(0), seq(oid(OID.ecPublicKey), oid(CURVE_OIDS[curve!])), octets(der));
  else if (info.format !== 'pkcs8') throw new AuthorError(`unsupported private key format: ${info.format}`);
  return { pkcs8, algorithm, bits: info.publicKey.size ?? 0, curve: curve as 'P-256' | 'P-384' | undefined };
}

/** Imports a private key (DER: PKCS#8, SEC1 or PKCS#1) and derives its public key. */
export async function importPrivateKey(der: Uint8Array, label?: string): Promise<AuthorKey> {
  const { pkcs8, algorithm, bits, curve } = toPkcs8(der, label);
  const s = subtle();
  const params = importParams(algorithm, curve);
  let extractable: CryptoKey;
  try {
    extractable = await s.importKey('pkcs8', ab(pkcs8), params, true, ['sign']);
  } catch (e) {
    throw new AuthorError(`cannot use the private key: ${(e as Error).message}`);
  }
  const jwk = await s.exportKey('jwk', extractable);
  const pub: JsonWebKey = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, n: jwk.n, e: jwk.e };
  const pubKey = await s.importKey('jwk', pub, params, true, ['verify']);
  const spki = new Uint8Array(await s.exportKey('spki', pubKey));
  const privateKey = await s.importKey('pkcs8', ab(pkcs8), params, false, ['sign']);
  return { algorithm, bits, curve, privateKey, spki, pkcs8 };
}

/** The AlgorithmIdentifier of signatures made with `key`. Never SHA-1. */
export function signatureAlgorithm(key: Pick<AuthorKey, 'algorithm' | 'curve'>): Uint8Array {
  if (key.algorithm === 'RSA') return seq(oid(OID.sha256WithRSA), NULL);
  if (key.algorithm === 'EC') return seq(oid(key.curve === 'P-384' ? OID.ecdsaWithSHA384 : OID.ecdsaWithSHA256));
  return seq(oid(OID.ed25519));
}

/** Signs `data`; ECDSA signatures come back as DER Ecdsa-Sig-Value. */
export async function sign(key: AuthorKey, data: Uint8Array): Promise<Uint8Array> {
  const s = subtle();
  if (key.algorithm === 'RSA') return new Uint8Array(await s.sign('RSASSA-PKCS1-v1_5', key.privateKey, ab(data)));
  if (key.algorithm === 'Ed25519') return new Uint8Array(await s.sign({ name: 'Ed25519' }, key.privateKey, ab(data)));
  const raw = new Uint8Array(await s.sign({ name: 'ECDSA', hash: key.curve === 'P-384' ? 'SHA-384' : 'SHA-256' }, key.privateKey, ab(data)));
  const half = raw.length / 2;
  return seq(uint(raw.subarray(0, half)), uint(raw.subarray(half)));
}

/** The subjectPublicKey BIT STRING contents of a DER SubjectPublicKeyInfo. */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const outer = readTlv(spki, 0);
  const [, bits] = children(spki, outer);
  return content(spki, bits).subarray(1);
}

/** Key identifier (RFC 7093 method 1): leftmost 160 bits of SHA-256 of the subjectPublicKey. */
export async function keyIdentifier(spki: Uint8Array): Promise<Uint8Array> {
  const h = new Uint8Array(await subtle().digest('SHA-256', ab(subjectPublicKeyBits(spki))));
  return h.subarray(0, 20);
}

export function describeKey(k: Pick<AuthorKey, 'algorithm' | 'bits' | 'curve'>): string {
  return k.algorithm === 'EC' ? `ECDSA ${k.curve}` : k.algorithm === 'RSA' ? `RSA ${k.bits}` : 'Ed25519';
}

