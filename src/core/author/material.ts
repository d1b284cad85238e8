// Reading existing material back: certificates, private keys (plain or encrypted) and CAs,
// through the core decoder. Errors say what is wrong without echoing key bytes.
import { bytesEqual, fromHex, toPem } from '../bytes';
import { portableHasher } from '../hash';
import type { CertificateInfo, CsrInfo } from '../model';
import { scanText } from '../scan';
import type { IssuerInfo } from './certificate';
import { AuthorError, AuthorKey, importPrivateKey, keyIdentifier } from './keys';
import { decryptPkcs8 } from './pkcs8';

export class NeedPassphraseError extends AuthorError {
  constructor(what = 'the private key') {
    super(`${what} is encrypted: a passphrase is needed`);
  }
}

export function readCertificates(text: string): CertificateInfo[] {
  const out: CertificateInfo[] = [];
  for (const f of scanText(text, { hasher: portableHasher }).objects) {
    if (f.result.ok && f.result.object.type === 'certificate') out.push(f.result.object);
  }
  return out;
}

export function readCsr(text: string): CsrInfo {
  for (const f of scanText(text, { hasher: portableHasher }).objects) {
    if (!f.result.ok) throw new AuthorError(`cannot decode the CSR: ${f.result.error}`);
    if (f.result.object.type === 'csr') return f.result.object;
  }
  throw new AuthorError('no certificate request (BEGIN CERTIFICATE REQUEST) found');
}

/** The first private key in `text`; decrypts it with `passphrase` when it is encrypted. */
export async function readPrivateKey(text: string, passphrase?: string): Promise<AuthorKey> {
  for (const f of scanText(text, { hasher: portableHasher }).objects) {
    if (!f.result.ok) {
      if (f.label?.includes('PRIVATE KEY')) throw new AuthorError(`cannot decode the private key: ${f.result.error}`);
      continue;
    }
    const o = f.result.object;
    if (o.type !== 'private-key') continue;
    if (o.format === 'legacy-encrypted') throw new AuthorError('legacy (Proc-Type) encrypted keys are not supported: convert with "openssl pkcs8 -topk8 -v2 aes-256-cbc"');
    if (o.format === 'openssh') throw new AuthorError('OpenSSH private keys are not supported: use a PEM (PKCS#8) key');
    if (o.encrypted) {
      if (passphrase === undefined) throw new NeedPassphraseError();
      return importPrivateKey(await decryptPkcs8(o.der, passphrase), 'PRIVATE KEY');
    }
    return importPrivateKey(o.der, f.label);
  }
  throw new AuthorError('no private key found');
}

/** True when `text` holds an encrypted private key. */
export function isEncryptedKey(text: string): boolean {
  return scanText(text, { hasher: portableHasher }).objects.some((f) => f.result.ok && f.result.object.type === 'private-key' && f.result.object.encrypted);
}

export interface Ca {
  certificate: CertificateInfo;
  /** The CA certificate, then the certificates after it in its file (its issuers, root last). */
  chain: CertificateInfo[];
  key: AuthorKey;
  issuer: IssuerInfo;
}

/** A CA from its certificate file (the certificate whose key is given, then its chain) and key. */
export async function loadCa(certText: string, keyText: string, passphrase?: string): Promise<Ca> {
  const certs = readCertificates(certText);
  if (!certs.length) throw new AuthorError('no certificate found in the CA certificate file');
  const key = await readPrivateKey(keyText, passphrase);
  const at = certs.findIndex((c) => bytesEqual(c.publicKey.spki, key.spki));
  if (at < 0) throw new AuthorError('the CA key does not match the CA certificate');
  const certificate = certs[at];
  if (!certificate.isCA) throw new AuthorError(`${certificate.subject.rfc4514 || 'the certificate'} is not a CA (basicConstraints CA:FALSE)`);
  if (certificate.keyUsage.length && !certificate.keyUsage.includes('cert sign')) throw new AuthorError('the CA certificate\'s key usage does not allow signing certificates (cert sign)');
  const keyId = certificate.subjectKeyId ? fromHex(certificate.subjectKeyId) : await keyIdentifier(certificate.publicKey.spki);
  return {
    certificate,
    chain: certs.slice(at),
    key,
    // A certificate cannot outlive any CA of its chain: notAfter is clamped to the earliest.
    issuer: { subjectDer: certificate.subject.der, keyId, key, notAfter: new Date(Math.min(...certs.slice(at).map((c) => c.notAfter.getTime()))), pathLength: certificate.pathLength },
  };
}

export function certificatePem(c: { der: Uint8Array }): string {
  return toPem('CERTIFICATE', c.der);
}

/** tls.crt for a leaf: the leaf, then the CA chain without its self-signed root. */
export function leafChainPem(leafDer: Uint8Array, ca: Ca): string {
  const intermediates = ca.chain.filter((c) => !c.selfSigned);
  return toPem('CERTIFICATE', leafDer) + intermediates.map(certificatePem).join('');
}

/** ca.crt for a leaf: the trust anchor, i.e. the last certificate of the CA chain (the root). */
export function trustAnchorPem(ca: Ca): string {
  return certificatePem(ca.chain[ca.chain.length - 1]);
}
