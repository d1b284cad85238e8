// PKCS#12 (RFC 7292: .p12/.pfx, cert-manager's keystore.p12/truststore.p12, keytool's default
// store type) read with @peculiar/asn1-pfx, -cms and -pkcs8. Certificate bags are often
// encrypted (openssl 3: PBES2 AES-256-CBC; older openssl, `-legacy` and cert-manager's
// LegacyRC2 profile: 40-bit RC2); without the password only the clear parts are shown.
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { id_data, id_encryptedData } from '@peculiar/asn1-cms';
import { AuthenticatedSafe, CertBag, id_certBag, id_CRLBag, id_keyBag, id_pkcs8ShroudedKeyBag, id_SafeContents, PFX, SafeContents, type SafeBag } from '@peculiar/asn1-pfx';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { decodeDer } from '../decode';
import { children, readTlv, TAG } from '../der';
import { bmpPassword, equalBytes, hashOfOid, pbeDecrypt, pkcs12Kdf, WorkBudget } from './crypto';
import { countText, MAX_ENTRIES, plural, type ContainerEntry, type ContainerOptions, type ContainerResult } from './model';

const FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const HASH_LENGTH: Record<string, number> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

const u8 = (b: ArrayBuffer | ArrayBufferView) => (b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
const octets = (raw: ArrayBuffer) => u8(AsnConvert.parse(raw, OctetString).buffer);

function friendlyName(bag: SafeBag): string | undefined {
  const attr = bag.bagAttributes?.find((a) => a.attrId === FRIENDLY_NAME);
  const raw = attr?.attrValues[0];
  if (!raw) return undefined;
  const b = u8(raw);
  try {
    const t = readTlv(b, 0);
    if (t.tag !== TAG.BMPString) return undefined;
    let s = '';
    for (let i = t.body; i + 1 < t.end && s.length < 256; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
    return s;
  } catch {
    return undefined;
  }
}

/** Decodes a PFX. Throws only on a structure that is not PKCS#12 at all (the caller reports it). */
export function decodePkcs12(bytes: Uint8Array, opts: ContainerOptions): ContainerResult {
  const pfx = AsnConvert.parse(bytes, PFX);
  const entries: ContainerEntry[] = [];
  const locked: string[] = [];
  const budget = new WorkBudget();
  if (pfx.authSafe.contentType !== id_data) {
    return { format: 'PKCS#12', entries, locked: ['the keystore is protected by a public key (signed or enveloped PFX): not supported'], integrity: 'unchecked', needsPassword: false, summary: 'PKCS#12 with public-key protection: not read' };
  }
  const authSafeBytes = octets(pfx.authSafe.content);
  // Which password opens it: the user's, else PKCS#12's "no password" (absent, or empty BMPString).
  const candidates: (string | undefined)[] = opts.password !== undefined ? [opts.password] : [undefined, ''];
  let integrity: ContainerResult['integrity'] = 'none';
  let macText = 'no MAC';
  let known: (string | undefined)[] = candidates;
  if (pfx.macData) {
    const hash = hashOfOid(pfx.macData.mac.digestAlgorithm.algorithm);
    const expected = u8(pfx.macData.mac.digest.buffer);
    integrity = 'unchecked';
    macText = `MAC (${hash ?? 'unknown hash'}) not checked`;
    if (hash && opts.crypto) {
      const salt = u8(pfx.macData.macSalt.buffer);
      const iterations = pfx.macData.iterations || 1;
      for (const pw of candidates) {
        const over = budget.take(iterations);
        if (over) { macText = `MAC not checked: ${over}`; break; }
        const key = pkcs12Kdf(opts.crypto, hash, bmpPassword(pw), salt, 3, iterations, HASH_LENGTH[hash]);
        if (equalBytes(opts.crypto.hmac(hash, key, authSafeBytes), expected)) {
          integrity = 'verified';
          macText = `MAC verified (${hash})`;
          known = [pw];
          break;
        }
      }
      if (integrity !== 'verified' && opts.password !== undefined) {
        integrity = 'failed';
        macText = `MAC does not verify (${hash}): wrong password, or the file was altered`;
      } else if (integrity !== 'verified') macText = `MAC (${hash}) not checked: a password is needed`;
    }
  }
  const safes = AsnConvert.parse(authSafeBytes, AuthenticatedSafe);
  const lockedCounts = new Map<string, number>();
  const readBags = (bags: SafeBag[], depth: number) => {
    for (const bag of bags) {
      if (entries.length >= MAX_ENTRIES) return;
      const alias = friendlyName(bag);
      const add = (der: Uint8Array, label: string) => entries.push({ result: decodeDer(der, label, opts.hasher), alias });
      try {
        if (bag.bagId === id_certBag) {
          const cb = AsnConvert.parse(bag.bagValue, CertBag);
          add(octets(cb.certValue), 'CERTIFICATE');
        } else if (bag.bagId === id_CRLBag) {
          const cb = AsnConvert.parse(bag.bagValue, CertBag);
          add(octets(cb.certValue), 'X509 CRL');
        } else if (bag.bagId === id_keyBag) {
          add(u8(bag.bagValue), 'PRIVATE KEY');
        } else if (bag.bagId === id_pkcs8ShroudedKeyBag) {
          const epki = AsnConvert.parse(bag.bagValue, EncryptedPrivateKeyInfo);
          const r = pbeDecrypt(opts.crypto, u8(AsnConvert.serialize(epki.encryptionAlgorithm)), u8(epki.encryptedData.buffer), known, budget);
          // Decrypted only to read its type and size (and match it to its certificate); never shown.
          add(r.plain ?? u8(bag.bagValue), r.plain ? 'PRIVATE KEY' : 'ENCRYPTED PRIVATE KEY');
        } else if (bag.bagId === id_SafeContents && depth < 4) {
          readBags(AsnConvert.parse(bag.bagValue, SafeContents), depth + 1);
        } else {
          lockedCounts.set(`a bag of type ${bag.bagId} (not read)`, (lockedCounts.get(`a bag of type ${bag.bagId} (not read)`) ?? 0) + 1);
        }
      } catch {
        entries.push({ result: { ok: false, error: 'malformed PKCS#12 bag' }, alias });
      }
    }
  };
  for (const ci of safes) {
    if (entries.length >= MAX_ENTRIES) break;
    try {
      if (ci.contentType === id_data) {
        readBags(AsnConvert.parse(octets(ci.content), SafeContents), 0);
      } else if (ci.contentType === id_encryptedData) {
        const { algId, data } = encryptedData(u8(ci.content));
        const r = pbeDecrypt(opts.crypto, algId, data, known, budget);
        if (r.plain) readBags(AsnConvert.parse(r.plain, SafeContents), 0);
        else {
          const why = r.problem === 'password' ? 'a password is needed'
            : r.problem === 'wrong-password' ? (opts.password !== undefined ? 'the password does not open it' : 'a password is needed')
            : r.detail ?? 'not supported';
          const key = `encrypted with ${r.scheme}: ${why}`;
          lockedCounts.set(key, (lockedCounts.get(key) ?? 0) + 1);
        }
      } else {
        const key = 'public-key encrypted (envelopedData): not supported';
        lockedCounts.set(key, (lockedCounts.get(key) ?? 0) + 1);
      }
    } catch {
      entries.push({ result: { ok: false, error: 'malformed PKCS#12 safe contents' } });
    }
  }
  for (const [why, n] of lockedCounts) locked.push(`${plural(n, 'safe')} (usually the certificates) ${why}`);
  const needsPassword = locked.some((l) => l.includes('a password is needed')) || (integrity === 'unchecked' && opts.password === undefined);
  return {
    format: 'PKCS#12', entries, locked, integrity, needsPassword,
    summary: `PKCS#12: ${countText(entries)}${locked.length ? ` (and ${locked.length === 1 ? 'an encrypted part' : 'encrypted parts'})` : ''}; ${macText}`,
  };
}

/** PKCS#7 EncryptedData (RFC 2315 13): SEQUENCE { version, EncryptedContentInfo { type, algorithm, [0] IMPLICIT OCTET STRING } }. */
function encryptedData(b: Uint8Array): { algId: Uint8Array; data: Uint8Array } {
  const [, eci] = children(b, readTlv(b, 0));
  const [, alg, content] = children(b, eci);
  let data: Uint8Array;
  if (content.tag === 0x80) data = b.subarray(content.body, content.end);
  else {
    // Constructed [0] (BER style): the concatenation of its OCTET STRING pieces.
    const parts = children(b, content).map((p) => b.subarray(p.body, p.end));
    data = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) { data.set(p, o); o += p.length; }
  }
  return { algId: b.subarray(alg.start, alg.end), data };
}

