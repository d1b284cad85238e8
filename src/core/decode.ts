// DER -> PkiObject, chosen by PEM label or, for bare DER, by trying each structure.
import { DerError } from './der';
import type { Hasher } from './hash';
import { decodePrivateKey, decodePublicKey } from './keys';
import type { Decoded, PkiObject } from './model';
import { decodeCertificate, decodeCrl, decodeCsr } from './x509';

export const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
export const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);
export const PRIVATE_KEY_LABELS = new Set([
  'PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY',
]);
export const PUBLIC_KEY_LABELS = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY']);
export const CRL_LABELS = new Set(['X509 CRL']);
/** Labels we recognise but do not decode (not an error). */
export const IGNORED_LABELS = new Set(['EC PARAMETERS', 'DH PARAMETERS', 'X9.42 DH PARAMETERS', 'PKCS7', 'CMS', 'SSL SESSION PARAMETERS', 'PARAMETERS']);

export const KNOWN_LABELS = [
  ...CERT_LABELS, ...CSR_LABELS, ...PRIVATE_KEY_LABELS, ...PUBLIC_KEY_LABELS, ...CRL_LABELS, ...IGNORED_LABELS,
];

function message(e: unknown): string {
  if (e instanceof DerError) return `malformed DER: ${e.message}`;
  if (e instanceof RangeError) return 'malformed DER: data is truncated or corrupt';
  return e instanceof Error ? e.message : String(e);
}

/** Closest known label within edit distance 3, for "did you mean" messages. */
export function suggestLabel(label: string): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const k of KNOWN_LABELS) {
    const d = editDistance(label, k);
    if (d < bestD) { bestD = d; best = k; }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

const LABEL_KIND: Record<string, string> = {
  certificate: 'a certificate', csr: 'a certificate request', 'private-key': 'a private key',
  'public-key': 'a public key', crl: 'a CRL',
};

/** Decodes DER under a PEM label; `undefined` label means bare DER of unknown kind. */
export function decodeDer(der: Uint8Array, label: string | undefined, hasher: Hasher): Decoded {
  try {
    if (label === undefined) return sniff(der, hasher);
    if (CERT_LABELS.has(label)) {
      if (label === 'TRUSTED CERTIFICATE') return { ok: true, object: decodeCertificate(firstElement(der), hasher) };
      return wrongLabel(der, label, 'certificate', () => decodeCertificate(der, hasher), hasher);
    }
    if (CSR_LABELS.has(label)) return wrongLabel(der, label, 'csr', () => decodeCsr(der, hasher), hasher);
    if (CRL_LABELS.has(label)) return wrongLabel(der, label, 'crl', () => decodeCrl(der, hasher), hasher);
    if (PUBLIC_KEY_LABELS.has(label)) return wrongLabel(der, label, 'public-key', () => decodePublicKey(der, label, hasher), hasher);
    if (label === 'OPENSSH PRIVATE KEY') {
      return { ok: true, object: { type: 'private-key', der, format: 'openssh', encrypted: false, publicKey: { algorithm: 'OpenSSH', size: null, curve: null } } };
    }
    if (PRIVATE_KEY_LABELS.has(label)) return wrongLabel(der, label, 'private-key', () => decodePrivateKey(der, label), hasher);
    return { ok: false, error: `unknown PEM label "${label}"` };
  } catch (e) {
    return { ok: false, error: message(e) };
  }
}

function firstElement(der: Uint8Array): Uint8Array {
  if (der.length < 2) return der;
  let len = der[1];
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n && i < 4; i++) len = len * 256 + (der[2 + i] ?? 0);
    hdr += n;
  }
  return der.subarray(0, Math.min(der.length, hdr + len));
}

/** Decode as the labelled type; when that fails, say what the bytes really are, if anything. */
function wrongLabel(der: Uint8Array, label: string, type: PkiObject['type'], decode: () => PkiObject, hasher: Hasher): Decoded {
  try {
    return { ok: true, object: decode() };
  } catch (e) {
    const other = sniff(der, hasher);
    if (other.ok && other.object.type !== type) {
      return { ok: false, error: `the block is labelled "${label}" but holds ${LABEL_KIND[other.object.type]}: fix the BEGIN/END lines` };
    }
    return { ok: false, error: message(e) };
  }
}

function sniff(der: Uint8Array, hasher: Hasher): Decoded {
  if (der.length === 0) return { ok: false, error: 'empty data' };
  if (der[0] !== 0x30) return { ok: false, error: 'not DER: the data does not start with a SEQUENCE (0x30)' };
  let first: unknown;
  const attempts: Array<() => PkiObject> = [
    () => decodeCertificate(der, hasher),
    () => decodeCsr(der, hasher),
    () => decodeCrl(der, hasher),
    () => decodePrivateKey(der, undefined),
    () => decodePublicKey(der, undefined, hasher),
  ];
  for (const a of attempts) {
    try {
      return { ok: true, object: a() };
    } catch (e) {
      first ??= e;
    }
  }
  return { ok: false, error: message(first) };
}
