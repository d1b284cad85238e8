// Java KeyStore (JKS: keytool -storetype JKS, cert-manager's keystore.jks/truststore.jks).
// Read by hand: JKS is Sun's own binary format and no maintained JavaScript library reads it.
// Layout (sun.security.provider.JavaKeyStore): magic FEEDFEED, version (1 or 2), entry count,
// then entries: tag 1 private key (alias, date, protected key, certificate chain) or tag 2
// trusted certificate (alias, date, certificate); version 2 names each certificate's type.
// The file ends with SHA-1(password as UTF-16BE || "Mighty Aphrodite" || everything before).
// Certificates are stored in the clear; private keys are protected with Sun's proprietary
// scheme (OID 1.3.6.1.4.1.42.2.17.1.1: a SHA-1 keystream XORed over the PKCS#8 key, with a
// SHA-1 check), decrypted here with the password only to say the key's type and size.
import { decodeUtf8 } from '../bytes';
import { decodeDer } from '../decode';
import { children, readOid, readTlv, TAG } from '../der';
import { concat, equalBytes, utf8 } from './crypto';
import { JCEKS_MAGIC } from './format';
import { countText, MAX_ENTRIES, type ContainerEntry, type ContainerOptions, type ContainerResult } from './model';

const SUN_JKS_KEY = '1.3.6.1.4.1.42.2.17.1.1';
/** Certificates and keys larger than this are not real (hostile length fields). */
const MAX_ITEM = 1 << 20;

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  need(n: number): void {
    if (n < 0 || this.pos + n > this.b.length) throw new RangeError(`truncated at byte ${this.pos}`);
  }
  u16(): number { this.need(2); const v = (this.b[this.pos] << 8) | this.b[this.pos + 1]; this.pos += 2; return v; }
  u32(): number { this.need(4); const v = ((this.b[this.pos] << 24) | (this.b[this.pos + 1] << 16) | (this.b[this.pos + 2] << 8) | this.b[this.pos + 3]) >>> 0; this.pos += 4; return v; }
  bytes(n: number): Uint8Array { this.need(n); const v = this.b.subarray(this.pos, this.pos + n); this.pos += n; return v; }
  utf(): string { return decodeUtf8(this.bytes(this.u16())); }
  item(): Uint8Array {
    const n = this.u32();
    if (n > MAX_ITEM) throw new RangeError(`an entry of ${n} bytes at byte ${this.pos - 4} is larger than any certificate or key`);
    return this.bytes(n);
  }
}

/** The password as JKS uses it: each UTF-16 code unit as two bytes, big-endian, no terminator. */
function jksPassword(pw: string): Uint8Array {
  const out = new Uint8Array(pw.length * 2);
  for (let i = 0; i < pw.length; i++) { out[2 * i] = pw.charCodeAt(i) >> 8; out[2 * i + 1] = pw.charCodeAt(i) & 0xff; }
  return out;
}

export function decodeJks(bytes: Uint8Array, opts: ContainerOptions): ContainerResult {
  const r = new Reader(bytes);
  const magic = r.u32();
  if (magic === JCEKS_MAGIC) {
    return { format: 'JKS', entries: [], locked: ['JCEKS keystores are not read: convert it with "keytool -importkeystore -srcstoretype JCEKS -deststoretype PKCS12"'], integrity: 'unchecked', needsPassword: false, summary: 'JCEKS keystore: not read' };
  }
  const version = r.u32();
  const count = r.u32();
  const entries: ContainerEntry[] = [];
  const locked: string[] = [];
  const keys: { alias: string; protectedKey: Uint8Array; at: number }[] = [];
  let problem: string | undefined;
  const cert = (alias: string) => {
    if (version === 2) r.utf(); // the certificate type, "X.509"
    entries.push({ result: decodeDer(r.item(), 'CERTIFICATE', opts.hasher), alias });
  };
  try {
    if (version !== 1 && version !== 2) throw new RangeError(`unknown JKS version ${version}`);
    for (let i = 0; i < count && entries.length < MAX_ENTRIES; i++) {
      const tag = r.u32();
      const alias = r.utf();
      r.bytes(8); // creation date
      if (tag === 1) {
        const protectedKey = r.item();
        keys.push({ alias, protectedKey, at: entries.length });
        entries.push({ result: decodeDer(protectedKey, 'ENCRYPTED PRIVATE KEY', opts.hasher), alias });
        const chain = r.u32();
        if (chain > MAX_ENTRIES) throw new RangeError(`a chain of ${chain} certificates`);
        for (let c = 0; c < chain; c++) cert(alias);
      } else if (tag === 2) cert(alias);
      else throw new RangeError(`entry ${i + 1} has unknown type ${tag} (JKS knows 1, private key, and 2, trusted certificate)`);
    }
  } catch (e) {
    problem = (e as Error).message;
  }
  const body = bytes.subarray(0, r.pos);
  const stored = problem ? undefined : bytes.subarray(r.pos, r.pos + 20);
  let integrity: ContainerResult['integrity'] = 'unchecked';
  let integrityText = 'integrity not checked: a password is needed';
  if (problem) {
    locked.push(`the keystore is malformed (${problem}): what came before is shown`);
    integrityText = 'integrity not checked: the file is malformed';
  } else if (stored!.length !== 20) {
    locked.push('the integrity digest at the end is missing: the file is truncated');
    integrityText = 'integrity digest missing';
    integrity = 'failed';
  } else if (opts.password !== undefined && opts.crypto) {
    const pw = jksPassword(opts.password);
    const digest = opts.crypto.digest('SHA-1', concat(concat(pw, utf8('Mighty Aphrodite')), body));
    if (equalBytes(digest, stored!)) {
      integrity = 'verified';
      integrityText = 'integrity verified (SHA-1)';
      for (const k of keys) {
        const plain = recoverKey(k.protectedKey, pw, opts.crypto.digest);
        // Decrypted only to read the key's type and size (and match it to its certificate); never shown.
        if (plain) entries[k.at] = { result: decodeDer(plain, 'PRIVATE KEY', opts.hasher), alias: k.alias };
        else locked.push(`the private key "${k.alias}" has a key password other than the store password: not decrypted`);
      }
    } else {
      integrity = 'failed';
      integrityText = 'integrity check failed: wrong password, or the file was altered';
    }
  }
  if (r.pos + 20 < bytes.length && !problem) locked.push(`${bytes.length - r.pos - 20} bytes after the integrity digest are ignored`);
  return {
    format: 'JKS', entries, locked, integrity, needsPassword: integrity === 'unchecked' && opts.password === undefined && !problem,
    summary: `JKS keystore: ${countText(entries)}; ${integrityText}`,
  };
}

/** Sun's KeyProtector: EncryptedPrivateKeyInfo whose data is salt(20) || key XOR keystream || SHA-1(password || key). */
function recoverKey(epki: Uint8Array, pw: Uint8Array, sha1: (h: 'SHA-1', d: Uint8Array) => Uint8Array): Uint8Array | undefined {
  try {
    const [alg, data] = children(epki, readTlv(epki, 0));
    if (readOid(epki, readTlv(epki, alg.body, alg.end)) !== SUN_JKS_KEY || data.tag !== TAG.OCTET_STRING) return undefined;
    const enc = epki.subarray(data.body, data.end);
    if (enc.length < 41) return undefined;
    const salt = enc.subarray(0, 20);
    const body = enc.subarray(20, enc.length - 20);
    const check = enc.subarray(enc.length - 20);
    const plain = new Uint8Array(body.length);
    let digest = salt;
    for (let o = 0; o < body.length; o += 20) {
      digest = sha1('SHA-1', concat(pw, digest));
      for (let i = 0; i < 20 && o + i < body.length; i++) plain[o + i] = body[o + i] ^ digest[i];
    }
    return equalBytes(sha1('SHA-1', concat(pw, plain)), check) ? plain : undefined;
  } catch {
    return undefined;
  }
}
