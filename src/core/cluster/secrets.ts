// Kubernetes Secrets holding TLS material, decoded: the tls.crt chain, ca.crt, and what the
// tls.key is (type, size, whether it matches tls.crt) without ever keeping or showing its bytes.
import { decodeBase64 } from '../bytes';
import { keyDescription } from '../describe';
import type { Hasher } from '../hash';
import { completeKeyIdentities } from '../inventory';
import { inspectRecord, InspectRecord } from '../json';
import type { CertificateInfo, PkiObject } from '../model';
import { scanBytes } from '../scan';
import { objectValidity } from '../time';

export const TLS_SECRET_TYPE = 'kubernetes.io/tls';

/** The parts of a Secret (as the API returns it) that Certwright reads. */
export interface KubeSecret {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string>; creationTimestamp?: string };
  type?: string;
  data?: Record<string, string>;
}

/** True for Secrets of type kubernetes.io/tls and any other Secret holding tls.crt or ca.crt. */
export function holdsTls(s: KubeSecret): boolean {
  return s.type === TLS_SECRET_TYPE || !!s.data?.['tls.crt'] || !!s.data?.['ca.crt'];
}

/**
 * Keys of a Secret that hold certificates beyond tls.crt and ca.crt: Istio's plug-in CA
 * (`cacerts`: ca-cert.pem, cert-chain.pem, root-cert.pem) and self-signed CA
 * (`istio-ca-secret`: ca-cert.pem), and any other *.crt, *.pem or *.cer key whose name does
 * not say "key" (ca-key.pem, tls.key are private keys: never decoded).
 */
export function isCertificateKey(key: string): boolean {
  return /\.(?:crt|pem|cer)$/i.test(key) && !/key/i.test(key);
}

/** holdsTls, or any certificate key (Istio's cacerts and istio-ca-secret are Opaque Secrets). */
export function holdsCertificates(s: KubeSecret): boolean {
  return holdsTls(s) || Object.keys(s.data ?? {}).some(isCertificateKey);
}

/** A listed Secret, reduced to what the list views need (no key data, no raw values). */
export interface SecretSummary {
  namespace: string;
  name: string;
  type: string;
  /** The first certificate of tls.crt (or of ca.crt when there is no tls.crt). */
  leaf?: CertificateInfo;
  /** Certificates in tls.crt. */
  chainLength: number;
  hasCa: boolean;
  hasKey: boolean;
  /** Why tls.crt (or ca.crt) could not be decoded. */
  error?: string;
  /** cert-manager's annotations on the Secret (issuer, certificate name). */
  annotations: Record<string, string>;
}

/** The most objects decoded from one value: a bundle of every public root is about 150. */
export const MAX_BUNDLE_OBJECTS = 500;

/** The certificates of a base64 value (a Secret's data, a caBundle); problems go to `errors`. */
export function certificatesIn(value: string | undefined, key: string, hasher: Hasher, errors: string[], what = 'the Secret value'): CertificateInfo[] {
  if (!value) return [];
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(value);
  } catch (e) {
    errors.push(`${key}: ${what} is not base64: ${(e as Error).message}`);
    return [];
  }
  return certificatesInBytes(bytes, key, hasher, errors);
}

/** The certificates of PEM or DER bytes; anything else found is a problem in `errors`. */
export function certificatesInBytes(bytes: Uint8Array, key: string, hasher: Hasher, errors: string[]): CertificateInfo[] {
  const scan = scanBytes(bytes, { hasher, maxObjects: MAX_BUNDLE_OBJECTS });
  const certs: CertificateInfo[] = [];
  for (const f of scan.objects) {
    if (!f.result.ok) errors.push(`${key}: cannot decode: ${f.result.error}`);
    else if (f.result.object.type === 'certificate') certs.push(f.result.object);
    else errors.push(`${key}: holds a ${f.result.object.type}, not a certificate`);
  }
  if (!scan.objects.length) errors.push(`${key}: no certificate found in the value`);
  return certs;
}

const CM_ANNOTATIONS = /^cert-manager\.io\//;

export function summarizeSecret(s: KubeSecret, namespace: string, hasher: Hasher): SecretSummary {
  const errors: string[] = [];
  const data = s.data ?? {};
  let certs = certificatesIn(data['tls.crt'], 'tls.crt', hasher, errors);
  if (!certs.length && !data['tls.crt']) certs = certificatesIn(data['ca.crt'], 'ca.crt', hasher, errors);
  if (!certs.length && !data['tls.crt'] && !data['ca.crt']) {
    const other = otherCertificateKeys(data)[0];
    if (other) certs = certificatesIn(data[other], other, hasher, errors);
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.metadata.annotations ?? {})) if (CM_ANNOTATIONS.test(k)) annotations[k] = v;
  return {
    namespace: s.metadata.namespace ?? namespace,
    name: s.metadata.name,
    type: s.type ?? 'Opaque',
    leaf: certs[0],
    chainLength: data['tls.crt'] ? certs.length : 0,
    hasCa: !!data['ca.crt'],
    hasKey: !!data['tls.key'],
    error: errors[0],
    annotations,
  };
}

/** What the private key is, in words: "RSA 2048 private key, matches tls.crt". */
export interface KeySummary {
  text: string;
  matches: boolean | undefined;
}

/** Certificate keys other than tls.crt and ca.crt, in a stable order (Istio's ca-cert.pem first). */
export function otherCertificateKeys(data: Record<string, string>): string[] {
  const rank = (k: string) => ['ca-cert.pem', 'cert-chain.pem', 'root-cert.pem'].indexOf(k) + 1 || 9;
  return Object.keys(data).filter((k) => k !== 'tls.crt' && k !== 'ca.crt' && isCertificateKey(k)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface DecodedSecret {
  namespace: string;
  name: string;
  type: string;
  chain: CertificateInfo[];
  ca: CertificateInfo[];
  /** Other certificate keys (Istio's ca-cert.pem, cert-chain.pem, root-cert.pem, ...). */
  others: Array<{ key: string; certs: CertificateInfo[] }>;
  key?: KeySummary;
  errors: string[];
  annotations: Record<string, string>;
}

/** Decodes a whole Secret. The key is decoded only to describe it; nothing of it is kept. */
export async function decodeSecret(s: KubeSecret, namespace: string, hasher: Hasher): Promise<DecodedSecret> {
  const errors: string[] = [];
  const data = s.data ?? {};
  const chain = certificatesIn(data['tls.crt'], 'tls.crt', hasher, errors);
  const ca = certificatesIn(data['ca.crt'], 'ca.crt', hasher, errors);
  const others = otherCertificateKeys(data).map((k) => ({ key: k, certs: certificatesIn(data[k], k, hasher, errors) }));
  let key: KeySummary | undefined;
  if (data['tls.key']) {
    let obj: PkiObject | undefined;
    try {
      const scan = scanBytes(decodeBase64(data['tls.key']), { hasher, maxObjects: 4 });
      await completeKeyIdentities(scan.objects);
      const f = scan.objects.find((o) => o.result.ok && o.result.object.type === 'private-key');
      obj = f?.result.ok ? f.result.object : undefined;
      if (!obj) errors.push(`tls.key: ${scan.objects[0] && !scan.objects[0].result.ok ? `cannot decode: ${scan.objects[0].result.error}` : 'no private key found in the value'}`);
    } catch (e) {
      errors.push(`tls.key: the Secret value is not base64: ${(e as Error).message}`);
    }
    if (obj?.type === 'private-key') {
      const desc = `${keyDescription(obj.publicKey)} private key`;
      const leaf = chain[0];
      if (obj.encrypted) key = { text: `${desc} (encrypted), cannot be compared with tls.crt`, matches: undefined };
      else if (!leaf) key = { text: `${desc}, no tls.crt to compare with`, matches: undefined };
      else if (!obj.publicKey.keyMaterialHex) key = { text: `${desc}, could not be compared with tls.crt`, matches: undefined };
      else {
        const matches = obj.publicKey.keyMaterialHex === leaf.publicKey.keyMaterialHex;
        key = { text: `${desc}, ${matches ? 'matches tls.crt' : 'DOES NOT match tls.crt'}`, matches };
      }
    }
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.metadata.annotations ?? {})) if (CM_ANNOTATIONS.test(k)) annotations[k] = v;
  return { namespace: s.metadata.namespace ?? namespace, name: s.metadata.name, type: s.type ?? 'Opaque', chain, ca, others, key, errors, annotations };
}

/** `secrets --json`: context, namespace, name, the Secret type, and the inspect --json fields of the leaf. */
export type SecretRecord = { context: string; namespace: string; name: string; secretType: string; error?: string } & Partial<Omit<InspectRecord, 'file' | 'line'>>;

export function secretRecord(context: string, s: SecretSummary): SecretRecord {
  const r: SecretRecord = { context, namespace: s.namespace, name: s.name, secretType: s.type };
  if (s.leaf) {
    const { file: _f, line: _l, ...fields } = inspectRecord(s.leaf, '', 0);
    Object.assign(r, fields);
  } else {
    r.error = s.error ?? 'no certificate in tls.crt or ca.crt';
  }
  return r;
}

/** Milliseconds until the leaf expires (negative when expired); undefined without a leaf. */
export function msLeft(s: { leaf?: CertificateInfo }, now: Date): number | undefined {
  return s.leaf ? s.leaf.notAfter.getTime() - now.getTime() : undefined;
}

/** Soonest expiry first; items without a certificate last; then by namespace and name. */
export function byExpiry<T extends { namespace: string; name: string }>(notAfter: (t: T) => Date | undefined): (a: T, b: T) => number {
  return (a, b) => {
    const x = notAfter(a)?.getTime() ?? Infinity;
    const y = notAfter(b)?.getTime() ?? Infinity;
    return x - y || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
  };
}

/** True when the leaf expires within `withinMs` of `now` (already expired counts). */
export function expiresWithin(s: { leaf?: CertificateInfo }, now: Date, withinMs: number): boolean {
  const left = msLeft(s, now);
  return left !== undefined && left <= withinMs;
}

/** Case-insensitive match of the filter text against name, namespace, subject and SANs. */
export function matchesFilter(s: SecretSummary, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  const hay = [s.name, s.namespace, s.type, s.leaf?.subject.rfc4514 ?? '', ...(s.leaf ? [...s.leaf.san.dnsNames, ...s.leaf.san.ipAddresses, ...s.leaf.san.uris] : [])];
  return hay.some((h) => h.toLowerCase().includes(f));
}

/** One line for lists: "web-tls  CN=web  12 days left". */
export function summaryLine(s: SecretSummary, now: Date, warningDays: number): string {
  if (!s.leaf) return `${s.namespace}/${s.name}: ${s.error ?? 'no certificate'}`;
  const v = objectValidity(s.leaf, now, warningDays)!;
  return `${s.namespace}/${s.name}: ${s.leaf.subject.commonName ? `CN=${s.leaf.subject.commonName}` : s.leaf.subject.rfc4514} · ${v.short} (${s.leaf.notAfter.toISOString().slice(0, 10)})`;
}
