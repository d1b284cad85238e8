// Telling keystores and bundles apart by their first bytes, without loading their decoders
// (the editor loads those, with the ASN.1 libraries, only when it meets one).
import { readOid, readSmallInteger, readTlv, TAG } from '../der';
import type { ContainerFormat } from './model';

export const JKS_MAGIC = 0xfeedfeed;
export const JCEKS_MAGIC = 0xcececece;
const SIGNED_DATA = '1.2.840.113549.1.7.2';

/** Whether DER is a PKCS#7 ContentInfo of SignedData (the only kind that carries certificates). */
export function isPkcs7SignedData(der: Uint8Array): boolean {
  try {
    const outer = readTlv(der, 0);
    const oid = readTlv(der, outer.body, outer.end);
    return outer.tag === TAG.SEQUENCE && oid.tag === TAG.OID && readOid(der, oid) === SIGNED_DATA;
  } catch {
    return false;
  }
}

/** What the bytes are: JKS/JCEKS magic, a PFX (version 3), a PKCS#7 SignedData; undefined for anything else. */
export function containerFormat(b: Uint8Array): ContainerFormat | undefined {
  if (b.length >= 4) {
    const magic = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
    if (magic === JKS_MAGIC || magic === JCEKS_MAGIC) return 'JKS';
  }
  if (b[0] !== TAG.SEQUENCE) return undefined;
  try {
    const outer = readTlv(b, 0);
    const first = readTlv(b, outer.body, outer.end);
    if (first.tag === TAG.INTEGER && first.end - first.body === 1 && readSmallInteger(b, first) === 3) {
      const second = readTlv(b, first.end, outer.end);
      if (second.tag === TAG.SEQUENCE) return 'PKCS#12';
    }
  } catch {
    return undefined;
  }
  return isPkcs7SignedData(b) ? 'PKCS#7' : undefined;
}
