// Signature verification and public-key derivation through WebCrypto (globalThis.crypto),
// available in Node 20 and browsers. Results are true/false, or undefined when the algorithm
// is one WebCrypto cannot check (MD5, DSA, Ed448 ...).
import { children, readOid, readTlv, TAG } from './der';
import { HASH_ALGORITHMS } from './oids';
import { readSpki } from './spki';
import type { PrivateKeyInfo, SignatureInfo } from './model';
import { fromHex, toHex } from './bytes';

export interface SignedData {
  tbs: Uint8Array;
  signature: SignatureInfo;
  signatureValue: Uint8Array;
  signatureParams?: Uint8Array;
}

/** true/false, or undefined when the algorithm cannot be checked; a promise of that, or (a synchronous verifier) the value itself. */
export type SignatureVerifier = (issuerSpki: Uint8Array, signed: SignedData) => Promise<boolean | undefined> | boolean | undefined;
/** A verifier that answers on the calling thread: path validation then runs without a promise (src/core/validate). */
export type SyncSignatureVerifier = (issuerSpki: Uint8Array, signed: SignedData) => boolean | undefined;

/** WebCrypto wants ArrayBuffer-backed views (copies, so subarrays of bigger buffers are safe). */
function ab(u: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(u);
}

function subtle(): SubtleCrypto | undefined {
  return (globalThis as { crypto?: Crypto }).crypto?.subtle;
}

/** ECDSA-Sig-Value (DER SEQUENCE of r, s) -> IEEE P1363 r||s. */
export function ecdsaDerToRaw(sig: Uint8Array, size: number): Uint8Array | undefined {
  try {
    const seq = readTlv(sig, 0);
    const [r, s] = children(sig, seq);
    const out = new Uint8Array(size * 2);
    for (const [i, t] of [r, s].entries()) {
      let v = sig.subarray(t.body, t.end);
      while (v.length > size && v[0] === 0) v = v.subarray(1);
      if (v.length > size) return undefined;
      out.set(v, i * size + (size - v.length));
    }
    return out;
  } catch {
    return undefined;
  }
}

export interface PssParams {
  hash: string;
  /** The hash of the MGF1 mask generation function (RFC 4055); both verifiers need it equal to `hash`. */
  mgf1Hash: string;
  saltLength: number;
  /** False when the parameters name something neither verifier can check (unknown hash or MGF, trailer field not 1). */
  supported: boolean;
}

/** RSASSA-PSS-params (RFC 4055 section 3.1), with its SHA-1/MGF1-SHA-1/20 defaults. */
export function pssParams(params: Uint8Array | undefined): PssParams {
  const out: PssParams = { hash: 'SHA-1', mgf1Hash: 'SHA-1', saltLength: 20, supported: true };
  if (!params) return out;
  try {
    const seq = readTlv(params, 0);
    if (seq.tag !== TAG.SEQUENCE) return out;
    const hashOf = (t: { body: number; end: number }) => HASH_ALGORITHMS[readOid(params, readTlv(params, t.body, t.end))];
    const int = (t: { body: number; end: number }) => {
      const n = readTlv(params, t.body, t.end);
      let v = 0;
      for (let i = n.body; i < n.end; i++) v = v * 256 + params[i];
      return v;
    };
    for (const c of children(params, seq)) {
      if (c.tag === 0xa0) {
        const h = hashOf(readTlv(params, c.body, c.end));
        if (h) out.hash = h; else out.supported = false;
      } else if (c.tag === 0xa1) {
        const mgf = readTlv(params, c.body, c.end);
        const oid = readTlv(params, mgf.body, mgf.end);
        if (readOid(params, oid) !== '1.2.840.113549.1.1.8') { out.supported = false; continue; }
        const h = hashOf(readTlv(params, oid.end, mgf.end));
        if (h) out.mgf1Hash = h; else out.supported = false;
      } else if (c.tag === 0xa2) out.saltLength = int(c);
      else if (c.tag === 0xa3 && int(c) !== 1) out.supported = false;
    }
  } catch {
    out.supported = false;
  }
  return out;
}

const CURVE_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

export const webCryptoVerifier: SignatureVerifier = async (issuerSpki, signed) => {
  const s = subtle();
  if (!s) return undefined;
  const key = readSpki(issuerSpki, readTlv(issuerSpki, 0));
  const sigKey = signed.signature.key;
  try {
    if (sigKey === 'RSA' && key.algorithm.startsWith('RSA')) {
      if (signed.signature.name === 'rsassaPss') {
        const { hash, saltLength, mgf1Hash, supported } = pssParams(signed.signatureParams);
        if (!supported || mgf1Hash !== hash) return undefined;
        const k = await s.importKey('spki', ab(issuerSpki), { name: 'RSA-PSS', hash }, false, ['verify']);
        return await s.verify({ name: 'RSA-PSS', saltLength }, k, ab(signed.signatureValue), ab(signed.tbs));
      }
      const hash = signed.signature.hash;
      if (!hash || hash === 'MD5' || hash === 'SHA-224') return undefined;
      const k = await s.importKey('spki', ab(issuerSpki), { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
      return await s.verify('RSASSA-PKCS1-v1_5', k, ab(signed.signatureValue), ab(signed.tbs));
    }
    if (sigKey === 'EC' && key.algorithm === 'EC') {
      const size = key.curve ? CURVE_BYTES[key.curve] : undefined;
      const hash = signed.signature.hash;
      if (!size || !hash || hash === 'SHA-224') return undefined;
      const raw = ecdsaDerToRaw(signed.signatureValue, size);
      if (!raw) return false;
      const k = await s.importKey('spki', ab(issuerSpki), { name: 'ECDSA', namedCurve: key.curve! }, false, ['verify']);
      return await s.verify({ name: 'ECDSA', hash }, k, ab(raw), ab(signed.tbs));
    }
    if (sigKey === 'Ed25519' && key.algorithm === 'Ed25519') {
      const k = await s.importKey('spki', ab(issuerSpki), { name: 'Ed25519' }, false, ['verify']);
      return await s.verify({ name: 'Ed25519' }, k, ab(signed.signatureValue), ab(signed.tbs));
    }
    if (sigKey !== 'unknown' && sigKey !== key.algorithm && !(sigKey === 'RSA' && key.algorithm === 'RSA-PSS')) return false;
    return undefined;
  } catch {
    return undefined;
  }
};

/**
 * Public-key identity (as in PublicKeyInfo.keyMaterialHex) for a private key whose encoding
 * does not carry it (Ed25519 PKCS#8 v1, EC without the optional public key). The private key
 * is imported non-extractable for its public part only and never leaves WebCrypto otherwise.
 */
export async function derivePublicKeyHex(key: PrivateKeyInfo): Promise<string | undefined> {
  if (key.publicKey.keyMaterialHex || key.encrypted) return key.publicKey.keyMaterialHex;
  const s = subtle();
  if (!s) return undefined;
  try {
    if (key.format === 'pkcs8' && key.publicKey.algorithm === 'Ed25519') {
      const k = await s.importKey('pkcs8', ab(key.der), { name: 'Ed25519' }, true, ['sign']);
      const jwk = await s.exportKey('jwk', k);
      return jwk.x ? toHex(fromBase64Url(jwk.x)) : undefined;
    }
    if (key.format === 'pkcs8' && key.publicKey.algorithm === 'EC' && key.publicKey.curve && CURVE_BYTES[key.publicKey.curve]) {
      const k = await s.importKey('pkcs8', ab(key.der), { name: 'ECDSA', namedCurve: key.publicKey.curve }, true, ['sign']);
      const jwk = await s.exportKey('jwk', k);
      if (!jwk.x || !jwk.y) return undefined;
      return '04' + toHex(fromBase64Url(jwk.x)) + toHex(fromBase64Url(jwk.y));
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function fromBase64Url(s: string): Uint8Array {
  const b = s.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b + '='.repeat((4 - (b.length % 4)) % 4));
  return fromHex(Array.from(bin, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
}

export { readSpki };
