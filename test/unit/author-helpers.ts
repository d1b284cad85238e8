// Helpers for the authoring tests: DER walking of generated certificates.
import { children, readTlv, readOid, readBoolean, TAG, Tlv } from '../../src/core/der';

export interface RawExtension { oid: string; critical: boolean }

/** The TBSCertificate fields we check byte-level: serial, time tags, extensions with criticality. */
export function rawFields(der: Uint8Array): { serial: Uint8Array; notBeforeTag: number; notAfterTag: number; extensions: RawExtension[]; signatureOid: string } {
  const outer = readTlv(der, 0);
  const [tbs, alg] = children(der, outer);
  const items = children(der, tbs);
  const serialTlv = items[1];
  const [nb, na] = children(der, items[4]);
  const extensions: RawExtension[] = [];
  const extWrap = items.find((t: Tlv) => t.tag === 0xa3);
  if (extWrap) {
    for (const e of children(der, readTlv(der, extWrap.body, extWrap.end))) {
      const parts = children(der, e);
      extensions.push({ oid: readOid(der, parts[0]), critical: parts[1].tag === TAG.BOOLEAN ? readBoolean(der, parts[1]) : false });
    }
  }
  return {
    serial: der.subarray(serialTlv.body, serialTlv.end),
    notBeforeTag: nb.tag,
    notAfterTag: na.tag,
    extensions,
    signatureOid: readOid(der, readTlv(der, alg.body, alg.end)),
  };
}

export const OIDS = {
  basicConstraints: '2.5.29.19', keyUsage: '2.5.29.15', extKeyUsage: '2.5.29.37', ski: '2.5.29.14', aki: '2.5.29.35', san: '2.5.29.17', nameConstraints: '2.5.29.30',
};
