// PKCS#7 / CMS certificate bundles (.p7b/.p7c, `-----BEGIN PKCS7-----`, `openssl crl2pkcs7`,
// Windows certificate exports): the certificates and CRLs of a SignedData. Read with the core's
// DER reader rather than @peculiar/asn1-cms: the certificates must keep their exact bytes (a
// re-encoded certificate could change its fingerprint), and asn1-cms models a CRL in the `crls`
// field only as an "other" revocation format, so a bundle with a plain CRL would not parse.
import { decodeDer } from '../decode';
import { children, readTlv, TAG } from '../der';
import { countText, MAX_ENTRIES, type ContainerEntry, type ContainerOptions, type ContainerResult } from './model';

export function decodePkcs7(der: Uint8Array, opts: ContainerOptions): ContainerResult {
  const outer = readTlv(der, 0);
  const [, explicit] = children(der, outer);
  if (!explicit || explicit.tag !== 0xa0) throw new RangeError('PKCS#7 SignedData without content');
  const sd = readTlv(der, explicit.body, explicit.end);
  const entries: ContainerEntry[] = [];
  for (const field of children(der, sd)) {
    // certificates [0] IMPLICIT SET OF Certificate; crls [1] IMPLICIT SET OF CertificateList.
    if (field.tag !== 0xa0 && field.tag !== 0xa1) continue;
    for (const item of children(der, field)) {
      if (entries.length >= MAX_ENTRIES) break;
      if (item.tag !== TAG.SEQUENCE) {
        entries.push({ result: { ok: false, error: `a ${field.tag === 0xa0 ? 'certificate' : 'CRL'} of another format (tag 0x${item.tag.toString(16)}): not read` } });
        continue;
      }
      entries.push({ result: decodeDer(der.subarray(item.start, item.end), field.tag === 0xa0 ? 'CERTIFICATE' : 'X509 CRL', opts.hasher) });
    }
  }
  return { format: 'PKCS#7', entries, locked: [], integrity: 'none', needsPassword: false, summary: `PKCS#7 bundle: ${countText(entries)}` };
}
