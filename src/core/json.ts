// The `inspect --json` record: exactly the documented keys; fields that do not apply to a type are omitted.
import type { PkiObject } from './model';
import { isoUtc } from './time';

export interface InspectRecord {
  file: string;
  line: number;
  type: PkiObject['type'];
  subject?: string;
  issuer?: string;
  serialNumber?: string;
  notBefore?: string;
  notAfter?: string;
  dnsNames?: string[];
  ipAddresses?: string[];
  uris?: string[];
  emailAddresses?: string[];
  publicKey?: { algorithm: string; size: number | null; curve: string | null };
  /** Private keys: whether the key is encrypted (then only what its container says is known). */
  encrypted?: boolean;
  signatureAlgorithm?: string;
  isCA?: boolean;
  pathLength?: number | null;
  keyUsage?: string[];
  extendedKeyUsage?: string[];
  sha1?: string;
  sha256?: string;
  selfSigned?: boolean;
  /** Objects read from a keystore or bundle: its format and the entry's alias. */
  container?: { format: string; alias?: string };
}

export function inspectRecord(o: PkiObject, file: string, line: number): InspectRecord {
  const r: InspectRecord = { file, line, type: o.type };
  const pk = (k: { algorithm: string; size: number | null; curve: string | null }) => ({ algorithm: k.algorithm, size: k.size, curve: k.curve });
  switch (o.type) {
    case 'certificate':
      Object.assign(r, {
        subject: o.subject.rfc4514, issuer: o.issuer.rfc4514, serialNumber: o.serialNumber,
        notBefore: isoUtc(o.notBefore), notAfter: isoUtc(o.notAfter),
        dnsNames: o.san.dnsNames, ipAddresses: o.san.ipAddresses, uris: o.san.uris, emailAddresses: o.san.emailAddresses,
        publicKey: pk(o.publicKey), signatureAlgorithm: o.signature.name, isCA: o.isCA, pathLength: o.pathLength,
        keyUsage: o.keyUsage, extendedKeyUsage: o.extendedKeyUsage, sha1: o.sha1, sha256: o.sha256, selfSigned: o.selfSigned,
      });
      break;
    case 'csr':
      Object.assign(r, {
        subject: o.subject.rfc4514,
        dnsNames: o.san.dnsNames, ipAddresses: o.san.ipAddresses, uris: o.san.uris, emailAddresses: o.san.emailAddresses,
        publicKey: pk(o.publicKey), signatureAlgorithm: o.signature.name, isCA: o.isCA, pathLength: o.pathLength,
        keyUsage: o.keyUsage, extendedKeyUsage: o.extendedKeyUsage, sha1: o.sha1, sha256: o.sha256,
      });
      break;
    case 'private-key':
      r.publicKey = pk(o.publicKey);
      r.encrypted = o.encrypted;
      break;
    case 'public-key':
      Object.assign(r, { publicKey: pk(o.publicKey), sha1: o.sha1, sha256: o.sha256 });
      break;
    case 'crl':
      Object.assign(r, {
        issuer: o.issuer.rfc4514, notBefore: isoUtc(o.thisUpdate), notAfter: o.nextUpdate ? isoUtc(o.nextUpdate) : undefined,
        signatureAlgorithm: o.signature.name, sha1: o.sha1, sha256: o.sha256,
      });
      if (!o.nextUpdate) delete r.notAfter;
      break;
  }
  return r;
}
