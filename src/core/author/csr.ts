// PKCS#10 certificate requests: writing one for a new key, and checking one before signing it.
import { toPem } from '../bytes';
import type { CsrInfo } from '../model';
import { webCryptoVerifier } from '../verify';
import { envelope } from '../x509';
import { extension, EXTENSION_OIDS } from './certificate';
import { bitString, ctx, int, namedBits, oid, seq, set } from './der-writer';
import { AuthorError, AuthorKey, KeyAlgorithm, sign, signatureAlgorithm } from './keys';
import { generalNames, normalizeSans, SanInput, sanCount } from './names';
import { leafKeyUsage, Profile, PROFILES } from './profiles';

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

export interface CsrRequest {
  subject: Uint8Array;
  san?: SanInput;
  profile?: Profile;
}

/** A CSR signed by `key`, asking for the SANs, key usage and EKU of `profile`. */
export async function buildCsr(req: CsrRequest, key: AuthorKey): Promise<string> {
  const san = normalizeSans(req.san ?? {});
  const emptySubject = req.subject.length <= 2;
  if (emptySubject && !sanCount(san)) throw new AuthorError('a certificate request needs a common name or at least one subject alternative name');
  const exts: Uint8Array[] = [
    extension(EXTENSION_OIDS.keyUsage, true, namedBits(leafKeyUsage(key.algorithm))),
    extension(EXTENSION_OIDS.extKeyUsage, false, seq(...PROFILES[req.profile ?? 'mtls'].eku.map(oid))),
  ];
  if (sanCount(san)) exts.push(extension(EXTENSION_OIDS.subjectAltName, emptySubject, generalNames(san)));
  const info = seq(int(0), req.subject, key.spki, ctx(0, true, seq(oid(EXTENSION_REQUEST), set(seq(...exts)))));
  const algId = signatureAlgorithm(key);
  const der = seq(info, algId, bitString(await sign(key, info)));
  return toPem('CERTIFICATE REQUEST', der);
}

/** The key algorithm of a CSR's public key, if we can issue for it. */
export function csrKeyAlgorithm(csr: CsrInfo): KeyAlgorithm {
  const a = csr.publicKey.algorithm;
  if (a === 'RSA') {
    if ((csr.publicKey.size ?? 0) < 2048) throw new AuthorError(`the CSR's RSA key has ${csr.publicKey.size} bits: at least 2048 are needed`);
    return 'RSA';
  }
  if (a === 'EC') {
    if (!['P-256', 'P-384', 'P-521'].includes(csr.publicKey.curve ?? '')) throw new AuthorError(`the CSR's EC curve ${csr.publicKey.curve} is not supported (P-256, P-384, P-521)`);
    return 'EC';
  }
  if (a === 'Ed25519') return 'Ed25519';
  throw new AuthorError(`the CSR's key type ${a} is not supported`);
}

/** Checks the CSR's self-signature (proof of possession of its key). */
export async function verifyCsr(csr: CsrInfo): Promise<void> {
  const env = envelope(csr.der, 'certificate request');
  if (env.signature.hash === 'SHA-1' || env.signature.hash === 'MD5') throw new AuthorError(`the CSR is signed with ${env.signature.name}: re-create it with SHA-256`);
  const ok = await webCryptoVerifier(csr.publicKey.spki, {
    tbs: csr.der.subarray(env.tbs.start, env.tbs.end), signature: env.signature, signatureValue: env.signatureValue, signatureParams: env.params,
  });
  if (ok === undefined) throw new AuthorError(`cannot check the CSR's signature (${env.signature.name})`);
  if (!ok) throw new AuthorError('the CSR\'s signature does not verify: it was altered or signed with another key');
}
