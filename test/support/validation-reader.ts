// The certificate reader of `certwright verify` (src/core/validate/read.ts) against the full
// decoder it stands in for: both must accept exactly the same DER and give the same fields.
// Used by test/unit/validate-read.test.ts and the fuzz target 'validation-reader'.
import { toHex } from '../../src/core/bytes';
import { decodeDer } from '../../src/core/decode';
import type { CertificateInfo } from '../../src/core/model';
import { certFacts } from '../../src/core/validate/facts';
import { createCertificateReader } from '../../src/core/validate/read';
import { nodeHasher } from '../../src/node/platform';

/** Every field of the model, display fields included, as plain JSON (bytes as hex). */
function plain(c: CertificateInfo): string {
  const fields = [
    'type', 'der', 'version', 'serialNumber', 'signature', 'issuer', 'subject', 'notBefore', 'notAfter', 'publicKey', 'san',
    'isCA', 'pathLength', 'keyUsage', 'extendedKeyUsage', 'subjectKeyId', 'authorityKeyId', 'nameConstraints', 'extensions',
    'sha1', 'sha256', 'selfSigned', 'tbs', 'signatureValue', 'signatureParams',
  ] as const;
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = c[f];
  return JSON.stringify(out, (_k, v) => (v instanceof Uint8Array ? `hex:${toHex(v)}` : v));
}

/**
 * Why the validation reader and decodeCertificate disagree on `der` (undefined: they agree).
 * `read`: one reader across calls, as the CLI keeps one (its memos must not leak between certificates).
 */
export function readerDisagreement(der: Uint8Array, read = createCertificateReader(nodeHasher)): string | undefined {
  const full = decodeDer(der, 'CERTIFICATE', nodeHasher);
  let lean: CertificateInfo | undefined;
  let leanError: string | undefined;
  try {
    lean = read(der);
  } catch (e) {
    leanError = (e as Error).message;
  }
  if (!full.ok || full.object.type !== 'certificate') return lean ? `the reader accepts what decodeDer rejects (${full.ok ? full.object.type : full.error})` : undefined;
  if (!lean) return `the reader rejects what decodeDer accepts: ${leanError}`;
  // Facts first, from the reader's object before any display field is read (as validation does).
  const leanFacts = JSON.stringify(certFacts(lean), (_k, v) => (v instanceof Uint8Array ? toHex(v) : v));
  const fullFacts = JSON.stringify(certFacts(full.object), (_k, v) => (v instanceof Uint8Array ? toHex(v) : v));
  if (leanFacts !== fullFacts) return `validation facts differ:\n${leanFacts}\n${fullFacts}`;
  const a = plain(lean), b = plain(full.object);
  return a === b ? undefined : `fields differ:\n${a}\n${b}`;
}
