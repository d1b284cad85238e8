// Certificates, CSRs and CRLs from DER.
import { bytesEqual, toHex } from './bytes';
import {
  children, content, DerError, expect, readBitString, readOid, readSerialHex, readSmallInteger, readTime,
  readTlv, TAG, Tlv, whole,
} from './der';
import { crlReason, newExtensionFields, readExtensions } from './extensions';
import type { Hasher } from './hash';
import { readName } from './names';
import { SIGNATURE_ALGORITHMS } from './oids';
import { readSpki } from './spki';
import type { CertificateInfo, CrlEntry, CrlInfo, CsrInfo, SignatureInfo } from './model';

function readAlgorithm(buf: Uint8Array, alg: Tlv): { info: SignatureInfo; params?: Uint8Array } {
  if (alg.tag !== TAG.SEQUENCE) throw new DerError('expected an AlgorithmIdentifier', alg.start);
  const oidTlv = readTlv(buf, alg.body, alg.end);
  const oid = readOid(buf, oidTlv);
  const known = SIGNATURE_ALGORITHMS[oid];
  const params = oidTlv.end < alg.end ? buf.subarray(oidTlv.end, alg.end) : undefined;
  return { info: { oid, name: known?.name ?? oid, hash: known?.hash, key: known?.key ?? 'unknown' }, params };
}

/** Reads the outer SIGNED{...} envelope shared by certificates, CSRs and CRLs. */
export function envelope(der: Uint8Array, what: string) {
  const outer = readTlv(der, 0);
  if (outer.tag !== TAG.SEQUENCE) throw new DerError(`not a ${what}: expected a SEQUENCE`, 0);
  if (outer.end !== der.length) {
    throw new DerError(`${der.length - outer.end} unexpected bytes after the ${what}`, outer.end);
  }
  const tbs = expect(der, outer.body, TAG.SEQUENCE, `${what} body`, outer.end);
  const alg = readTlv(der, tbs.end, outer.end);
  const sig = expect(der, alg.end, TAG.BIT_STRING, 'signature', outer.end);
  const { info, params } = readAlgorithm(der, alg);
  return { tbs, signature: info, params, signatureValue: readBitString(der, sig).bytes };
}

/**
 * The TBSCertificate's fields in order: the version, then each required field by name (`need`),
 * then the optional ones (`rest`). decodeCertificate and the validation reader
 * (src/core/validate/read.ts) walk it with the same checks and messages.
 */
export function tbsFields(der: Uint8Array): { env: ReturnType<typeof envelope>; version: number; need: (what: string) => Tlv; rest: () => Tlv[] } {
  const env = envelope(der, 'certificate');
  const items = children(der, env.tbs);
  let i = 0;
  let version = 1;
  if (items[i]?.tag === 0xa0) {
    version = readSmallInteger(der, readTlv(der, items[i].body, items[i].end)) + 1;
    i++;
  }
  const need = (what: string) => {
    const t = items[i++];
    if (!t) throw new DerError(`certificate body ends before its ${what}`, env.tbs.end);
    return t;
  };
  return { env, version, need, rest: () => items.slice(i) };
}

export function decodeCertificate(der: Uint8Array, hasher: Hasher): CertificateInfo {
  const { env, version, need, rest } = tbsFields(der);
  const serialTlv = need('serial number');
  if (serialTlv.tag !== TAG.INTEGER) throw new DerError('expected the serial number (INTEGER)', serialTlv.start);
  const serialNumber = readSerialHex(der, serialTlv);
  need('signature algorithm');
  const issuer = readName(der, need('issuer'));
  const validity = need('validity');
  const [nb, na] = children(der, validity);
  if (!nb || !na) throw new DerError('validity needs notBefore and notAfter', validity.start);
  const subject = readName(der, need('subject'));
  const publicKey = readSpki(der, need('subject public key'));
  const f = newExtensionFields();
  for (const t of rest()) {
    if (t.tag === 0xa3) readExtensions(der, readTlv(der, t.body, t.end), f);
  }
  const sameName = bytesEqual(subject.der, issuer.der);
  return {
    type: 'certificate',
    der,
    version,
    serialNumber,
    signature: env.signature,
    issuer,
    subject,
    notBefore: readTime(der, nb),
    notAfter: readTime(der, na),
    publicKey,
    san: f.san,
    isCA: f.isCA,
    pathLength: f.pathLength,
    keyUsage: f.keyUsage,
    extendedKeyUsage: f.extendedKeyUsage,
    subjectKeyId: f.subjectKeyId,
    authorityKeyId: f.authorityKeyId,
    ...(f.nameConstraints ? { nameConstraints: f.nameConstraints } : {}),
    extensions: f.extensions,
    sha1: hasher.sha1(der),
    sha256: hasher.sha256(der),
    selfSigned: sameName && (!f.authorityKeyId || !f.subjectKeyId || f.authorityKeyId === f.subjectKeyId),
    tbs: whole(der, env.tbs),
    signatureValue: env.signatureValue,
    signatureParams: env.params,
  };
}

export function decodeCsr(der: Uint8Array, hasher: Hasher): CsrInfo {
  const env = envelope(der, 'certificate request');
  const items = children(der, env.tbs);
  if (items.length < 3) throw new DerError('certificate request body is incomplete', env.tbs.start);
  const subject = readName(der, items[1]);
  const publicKey = readSpki(der, items[2]);
  const f = newExtensionFields();
  let challengePassword = false;
  const attrs = items[3];
  if (attrs && attrs.tag === 0xa0) {
    for (const attr of children(der, attrs)) {
      const oidTlv = readTlv(der, attr.body, attr.end);
      const oid = readOid(der, oidTlv);
      const values = readTlv(der, oidTlv.end, attr.end);
      if (oid === '1.2.840.113549.1.9.14') {
        for (const v of children(der, values)) readExtensions(der, v, f);
      } else if (oid === '1.2.840.113549.1.9.7') challengePassword = true;
    }
  }
  return {
    type: 'csr', der, subject, publicKey, signature: env.signature, san: f.san, isCA: f.isCA,
    pathLength: f.pathLength, keyUsage: f.keyUsage, extendedKeyUsage: f.extendedKeyUsage,
    extensions: f.extensions, challengePassword, sha1: hasher.sha1(der), sha256: hasher.sha256(der),
  };
}

export function decodeCrl(der: Uint8Array, hasher: Hasher): CrlInfo {
  const env = envelope(der, 'CRL');
  const items = children(der, env.tbs);
  let i = 0;
  if (items[i]?.tag === TAG.INTEGER) i++;
  i++; // signature algorithm
  const issuerTlv = items[i++];
  if (!issuerTlv) throw new DerError('CRL body ends before its issuer', env.tbs.end);
  const issuer = readName(der, issuerTlv);
  const thisTlv = items[i++];
  if (!thisTlv) throw new DerError('CRL has no thisUpdate', env.tbs.end);
  const thisUpdate = readTime(der, thisTlv);
  let nextUpdate: Date | undefined;
  if (items[i] && (items[i].tag === TAG.UTCTime || items[i].tag === TAG.GeneralizedTime)) nextUpdate = readTime(der, items[i++]);
  const revoked: CrlEntry[] = [];
  if (items[i]?.tag === TAG.SEQUENCE) {
    for (const entry of children(der, items[i++])) {
      const [serial, date, exts] = children(der, entry);
      if (!serial || !date) throw new DerError('revoked entry is incomplete', entry.start);
      const e: CrlEntry = { serialNumber: readSerialHex(der, serial), revocationDate: readTime(der, date) };
      if (exts) {
        for (const ext of children(der, exts)) {
          const oidTlv = readTlv(der, ext.body, ext.end);
          if (readOid(der, oidTlv) === '2.5.29.21') {
            let v = readTlv(der, oidTlv.end, ext.end);
            if (v.tag === TAG.BOOLEAN) v = readTlv(der, v.end, ext.end);
            const en = readTlv(der, v.body, v.end);
            e.reason = crlReason(content(der, en)[0] ?? 0);
          }
        }
      }
      revoked.push(e);
      if (revoked.length > 1_000_000) throw new DerError('too many revoked entries', entry.start);
    }
  }
  const f = newExtensionFields();
  if (items[i]?.tag === 0xa0) readExtensions(der, readTlv(der, items[i].body, items[i].end), f);
  return {
    type: 'crl', der, issuer, signature: env.signature, thisUpdate, nextUpdate, crlNumber: f.crlNumber,
    authorityKeyId: f.authorityKeyId, revoked, extensions: f.extensions, sha1: hasher.sha1(der),
    sha256: hasher.sha256(der), tbs: whole(der, env.tbs), signatureValue: env.signatureValue,
  };
}

export { toHex };
