// Encrypted PKCS#8 (RFC 5958 EncryptedPrivateKeyInfo, RFC 8018 PBES2): PBKDF2-HMAC-SHA256 and
// AES-256-CBC through WebCrypto, the same form `openssl pkcs8 -topk8 -v2 aes-256-cbc` writes.
// Reading accepts PBES2 with PBKDF2 (HMAC-SHA1/256/384/512) and AES-128/192/256-CBC.
import { toPem } from '../bytes';
import { children, content, expect, readOid, readSmallInteger, readTlv, TAG } from '../der';
import { decodePrivateKey } from '../keys';
import { int, NULL, octets, oid, seq } from './der-writer';
import { ab, AuthorError } from './keys';

export const PBKDF2_ITERATIONS = 600_000;

const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  aes256cbc: '2.16.840.1.101.3.4.1.42',
};
const PRF: Record<string, string> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
};
const CIPHERS: Record<string, number> = {
  '2.16.840.1.101.3.4.1.2': 16,
  '2.16.840.1.101.3.4.1.22': 24,
  '2.16.840.1.101.3.4.1.42': 32,
};

export class WrongPassphraseError extends AuthorError {
  constructor() {
    super('cannot decrypt the private key: wrong passphrase');
  }
}

function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  (globalThis as { crypto: Crypto }).crypto.getRandomValues(b);
  return b;
}

function subtle(): SubtleCrypto {
  return (globalThis as { crypto: Crypto }).crypto.subtle;
}

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number, hash: string, bytes: number): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', salt: ab(salt), iterations, hash }, base, { name: 'AES-CBC', length: bytes * 8 }, false, ['encrypt', 'decrypt']);
}

export async function encryptPkcs8(pkcs8: Uint8Array, passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<Uint8Array> {
  if (!passphrase) throw new AuthorError('the passphrase is empty');
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = await deriveKey(passphrase, salt, iterations, 'SHA-256', 32);
  const encrypted = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv }, key, ab(pkcs8)));
  const params = seq(
    seq(oid(OID.pbkdf2), seq(octets(salt), int(iterations), seq(oid('1.2.840.113549.2.9'), NULL))),
    seq(oid(OID.aes256cbc), octets(iv)),
  );
  return seq(seq(oid(OID.pbes2), params), octets(encrypted));
}

/** Decrypts an EncryptedPrivateKeyInfo to PKCS#8. Wrong passphrase: WrongPassphraseError. */
export async function decryptPkcs8(der: Uint8Array, passphrase: string): Promise<Uint8Array> {
  let salt: Uint8Array, iterations: number, hash = 'SHA-1', keyBytes: number, iv: Uint8Array, data: Uint8Array;
  try {
    const outer = expect(der, 0, TAG.SEQUENCE, 'EncryptedPrivateKeyInfo');
    const [alg, enc] = children(der, outer);
    const [algOid, pbes2] = children(der, alg);
    if (readOid(der, algOid) !== OID.pbes2) throw new AuthorError('only PBES2-encrypted keys are supported (re-encrypt with: openssl pkcs8 -topk8 -v2 aes-256-cbc)');
    const [kdf, scheme] = children(der, pbes2);
    const [kdfOid, kdfParams] = children(der, kdf);
    if (readOid(der, kdfOid) !== OID.pbkdf2) throw new AuthorError('only PBKDF2 key derivation is supported');
    const kp = children(der, kdfParams);
    salt = content(der, kp[0]);
    iterations = readSmallInteger(der, kp[1]);
    for (const extra of kp.slice(2)) {
      if (extra.tag === TAG.SEQUENCE) {
        const prfOid = readOid(der, readTlv(der, extra.body, extra.end));
        hash = PRF[prfOid] ?? '';
        if (!hash) throw new AuthorError(`unsupported PBKDF2 PRF ${prfOid}`);
      }
    }
    const [cipherOid, ivTlv] = children(der, scheme);
    const cipher = readOid(der, cipherOid);
    keyBytes = CIPHERS[cipher];
    if (!keyBytes) throw new AuthorError(`unsupported cipher ${cipher} (AES-CBC is supported)`);
    iv = content(der, ivTlv);
    data = content(der, enc);
    if (iterations < 1 || iterations > 10_000_000) throw new AuthorError('unreasonable PBKDF2 iteration count');
  } catch (e) {
    if (e instanceof AuthorError) throw e;
    throw new AuthorError(`not an encrypted private key: ${(e as Error).message}`);
  }
  const key = await deriveKey(passphrase, salt, iterations, hash, keyBytes);
  let plain: Uint8Array;
  try {
    plain = new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv: ab(iv) }, key, ab(data)));
  } catch {
    throw new WrongPassphraseError();
  }
  // A wrong key passes the padding check about once in 256 tries: the result must parse.
  try {
    decodePrivateKey(plain, 'PRIVATE KEY');
  } catch {
    throw new WrongPassphraseError();
  }
  return plain;
}

/** The PEM to write for a private key: encrypted when a passphrase is given. */
export async function privateKeyPem(pkcs8: Uint8Array, passphrase?: string, iterations?: number): Promise<string> {
  if (passphrase) return toPem('ENCRYPTED PRIVATE KEY', await encryptPkcs8(pkcs8, passphrase, iterations));
  return toPem('PRIVATE KEY', pkcs8);
}
