// Every certificate a cluster depends on, beyond TLS Secrets: certificates in ConfigMaps
// (trust-manager targets, kube-root-ca.crt, linkerd-identity-trust-roots, istio-ca-root-cert;
// PEM in data, PEM or DER in binaryData), the caBundle of admission webhooks, of CRD
// conversion webhooks and of APIServices, certificate keys of Secrets (Istio's cacerts and
// istio-ca-secret included) and the client certificate of a kubeconfig user. Each becomes a
// CertSource (one object and key, with its decoded certificates); records for
// `certificates --json`; and the path validation of a webhook's caBundle against the serving
// certificate of the Secret its Service's pods mount.
import type { Hasher } from '../hash';
import { inspectRecord, InspectRecord } from '../json';
import type { CertificateInfo } from '../model';
import { isoUtc, validity } from '../time';
import { createValidator, type ValidationCode } from '../validate';
import type { SignatureVerifier } from '../verify';
import { certificatesIn, certificatesInBytes, isCertificateKey, KubeSecret } from './secrets';

/** The `kind` values of `certificates --json` and `--kinds` (exactly as issue #21 names them). */
export const SOURCE_KINDS = ['secret', 'configmap', 'webhook', 'apiservice', 'kubeconfig'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export type SourceResource = 'Secret' | 'ConfigMap' | 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration' | 'CustomResourceDefinition' | 'APIService' | 'kubeconfig';

export interface ServiceRef { namespace: string; name: string; port?: number }

/** One place holding certificates: an object and a key of it. */
export interface CertSource {
  kind: SourceKind;
  resource: SourceResource;
  /** '' for cluster-scoped objects and the kubeconfig. */
  namespace: string;
  name: string;
  /** The data key (Secret, ConfigMap), webhook name, `spec.caBundle`, `client-certificate-data`... */
  key: string;
  certs: CertificateInfo[];
  /** Why the value could not be decoded (first problem). */
  error?: string;
  /** The Service the API server calls with this caBundle (webhooks, APIServices). */
  service?: ServiceRef;
  /** The URL the API server calls (webhooks configured with url instead of service). */
  url?: string;
}

interface Meta { name: string; namespace?: string }

export interface KubeConfigMap {
  metadata: Meta;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
}

export interface ClientConfig {
  caBundle?: string;
  url?: string;
  service?: { namespace?: string; name?: string; port?: number; path?: string };
}

export interface KubeWebhookConfiguration {
  metadata: Meta;
  webhooks?: Array<{ name?: string; clientConfig?: ClientConfig }>;
}

export interface KubeCrd {
  metadata: Meta;
  spec?: { conversion?: { strategy?: string; webhook?: { clientConfig?: ClientConfig } } };
}

export interface KubeApiService {
  metadata: Meta;
  spec?: { caBundle?: string; insecureSkipTLSVerify?: boolean; service?: { namespace?: string; name?: string; port?: number } | null };
}

const PEM_CERT = '-----BEGIN CERTIFICATE-----';

/** A ConfigMap worth decoding: some data value holds a PEM certificate, or it has binaryData. */
export function configMapHoldsCertificates(cm: KubeConfigMap): boolean {
  return Object.values(cm.data ?? {}).some((v) => typeof v === 'string' && v.includes(PEM_CERT)) || Object.keys(cm.binaryData ?? {}).length > 0;
}

/**
 * Decoded values by key and text: the same bundle sits in every namespace (kube-root-ca.crt,
 * trust-manager targets, istio-ca-root-cert) and in every webhook of a chart, so each distinct
 * value is decoded once. Bounded: 512 values of at most 1 MB each, oldest dropped first.
 */
const DECODED = new Map<string, { certs: CertificateInfo[]; errors: string[] }>();
const DECODED_MAX = 512;

function decodeOnce(key: string, value: string, decode: (errors: string[]) => CertificateInfo[]): { certs: CertificateInfo[]; errors: string[] } {
  if (value.length > 1 << 20) {
    const errors: string[] = [];
    return { certs: decode(errors), errors };
  }
  const k = `${key}\u0000${value}`;
  let hit = DECODED.get(k);
  if (!hit) {
    const errors: string[] = [];
    hit = { certs: decode(errors), errors };
    if (DECODED.size >= DECODED_MAX) DECODED.delete(DECODED.keys().next().value as string);
    DECODED.set(k, hit);
  }
  return { certs: [...hit.certs], errors: [...hit.errors] };
}

function source(kind: SourceKind, resource: SourceResource, namespace: string, name: string, key: string, certs: CertificateInfo[], errors: string[], extra: Partial<CertSource> = {}): CertSource {
  return { kind, resource, namespace, name, key, certs, ...(errors.length ? { error: errors[0] } : {}), ...extra };
}

/**
 * The certificates of a ConfigMap, one source per key: data values holding PEM certificates
 * (problems reported), binaryData values holding PEM or DER certificates (a binaryData value
 * that holds no certificate, e.g. a JKS truststore or any other file, is left out, not wrong).
 */
export function configMapSources(cm: KubeConfigMap, namespace: string, hasher: Hasher): CertSource[] {
  const ns = cm.metadata.namespace ?? namespace;
  const out: CertSource[] = [];
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    if (typeof value !== 'string' || !value.includes(PEM_CERT)) continue;
    const { certs, errors } = decodeOnce(key, value, (e) => certificatesInBytes(new TextEncoder().encode(value), key, hasher, e));
    out.push(source('configmap', 'ConfigMap', ns, cm.metadata.name, key, certs, errors));
  }
  for (const [key, value] of Object.entries(cm.binaryData ?? {})) {
    if (typeof value !== 'string') continue;
    const { certs, errors } = decodeOnce(key, value, (e) => certificatesIn(value, key, hasher, e, 'the binaryData value'));
    if (certs.length) out.push(source('configmap', 'ConfigMap', ns, cm.metadata.name, key, certs, errors));
  }
  return out;
}

function serviceOf(s: ClientConfig['service'] | null | undefined): ServiceRef | undefined {
  return s?.name && s.namespace ? { namespace: s.namespace, name: s.name, ...(s.port ? { port: s.port } : {}) } : undefined;
}

function bundleSource(kind: SourceKind, resource: SourceResource, name: string, key: string, caBundle: string, hasher: Hasher, cc?: ClientConfig): CertSource {
  const { certs, errors } = decodeOnce(key, caBundle, (e) => certificatesIn(caBundle, key, hasher, e, 'the caBundle'));
  const service = serviceOf(cc?.service);
  return source(kind, resource, '', name, key, certs, errors, { ...(service ? { service } : {}), ...(cc?.url ? { url: cc.url } : {}) });
}

/** One source per webhook with a caBundle; the key is the webhook's name. */
export function webhookSources(cfg: KubeWebhookConfiguration, resource: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration', hasher: Hasher): CertSource[] {
  const out: CertSource[] = [];
  (cfg.webhooks ?? []).forEach((w, i) => {
    const cc = w?.clientConfig;
    if (typeof cc?.caBundle !== 'string' || !cc.caBundle) return;
    out.push(bundleSource('webhook', resource, cfg.metadata.name, typeof w.name === 'string' && w.name ? w.name : `webhooks[${i}]`, cc.caBundle, hasher, cc));
  });
  return out;
}

export const CRD_BUNDLE_KEY = 'spec.conversion.webhook.clientConfig.caBundle';

/** True for a CRD converted by a webhook with a caBundle. */
export function crdHasConversionBundle(crd: KubeCrd): boolean {
  const c = crd.spec?.conversion;
  return c?.strategy === 'Webhook' && typeof c.webhook?.clientConfig?.caBundle === 'string' && !!c.webhook.clientConfig.caBundle;
}

export function crdSources(crd: KubeCrd, hasher: Hasher): CertSource[] {
  if (!crdHasConversionBundle(crd)) return [];
  const cc = crd.spec!.conversion!.webhook!.clientConfig!;
  return [bundleSource('webhook', 'CustomResourceDefinition', crd.metadata.name, CRD_BUNDLE_KEY, cc.caBundle!, hasher, cc)];
}

/** An APIService served by a Service with a caBundle (local APIServices have neither). */
export function apiServiceSources(a: KubeApiService, hasher: Hasher): CertSource[] {
  const bundle = a.spec?.caBundle;
  if (typeof bundle !== 'string' || !bundle) return [];
  return [bundleSource('apiservice', 'APIService', a.metadata.name, 'spec.caBundle', bundle, hasher, { service: a.spec?.service ?? undefined })];
}

/** Every certificate key of a Secret (tls.crt, ca.crt, Istio's ca-cert.pem, ...); never a key file. */
export function secretSources(s: KubeSecret, namespace: string, hasher: Hasher): CertSource[] {
  const out: CertSource[] = [];
  const data = s.data ?? {};
  for (const key of Object.keys(data).filter((k) => k === 'tls.crt' || k === 'ca.crt' || isCertificateKey(k)).sort()) {
    const errors: string[] = [];
    const certs = certificatesIn(data[key], key, hasher, errors);
    if (certs.length || errors.length) out.push(source('secret', 'Secret', s.metadata.namespace ?? namespace, s.metadata.name, key, certs, errors));
  }
  return out;
}

/**
 * The client certificate of a kubeconfig user: `client-certificate-data` (base64) or the
 * `client-certificate` file's bytes (read by the caller), or why it could not be read.
 */
export function kubeconfigSource(user: string, key: 'client-certificate-data' | 'client-certificate', value: { base64: string } | { bytes: Uint8Array } | { error: string }, hasher: Hasher): CertSource {
  const errors: string[] = [];
  let certs: CertificateInfo[] = [];
  if ('error' in value) errors.push(`${key}: ${value.error}`);
  else if ('base64' in value) certs = certificatesIn(value.base64, key, hasher, errors, 'the kubeconfig value');
  else certs = certificatesInBytes(value.bytes, key, hasher, errors);
  return source('kubeconfig', 'kubeconfig', '', user, key, certs, errors);
}

/** The soonest notAfter of a source's certificates. */
export function soonestNotAfter(s: CertSource): Date | undefined {
  let d: Date | undefined;
  for (const c of s.certs) if (!d || c.notAfter < d) d = c.notAfter;
  return d;
}

/** The certificate that expires first (the one that breaks first). */
export function soonestCertificate(s: CertSource): CertificateInfo | undefined {
  let best: CertificateInfo | undefined;
  for (const c of s.certs) if (!best || c.notAfter < best.notAfter) best = c;
  return best;
}

/** Soonest expiry first; sources without a certificate last; then namespace, name, key. */
export function bySourceExpiry(a: CertSource, b: CertSource): number {
  const x = soonestNotAfter(a)?.getTime() ?? Infinity;
  const y = soonestNotAfter(b)?.getTime() ?? Infinity;
  return x - y || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name) || a.key.localeCompare(b.key);
}

// ---- the Service behind a webhook, and the Secret its pods mount ----

export interface KubeService {
  metadata: Meta;
  spec?: { selector?: Record<string, string> | null; ports?: Array<{ port?: number; targetPort?: number | string; name?: string }> };
}

type Volume = { name?: string; secret?: { secretName?: string }; projected?: { sources?: Array<{ secret?: { name?: string } }> } };

/** A Deployment (or any workload with a pod template: StatefulSet, DaemonSet, ReplicaSet, Job, CronJob's job template). */
export interface KubeWorkload {
  metadata: Meta;
  /** Deployment, StatefulSet, ... (set by the client; Deployment when absent). */
  kind?: string;
  spec?: { template?: { metadata?: { labels?: Record<string, string> }; spec?: { volumes?: Volume[] } } };
}

/** True when the Service's selector selects the pods of the workload's template. */
export function selects(service: KubeService, w: KubeWorkload): boolean {
  const sel = service.spec?.selector;
  if (!sel || !Object.keys(sel).length) return false;
  const labels = w.spec?.template?.metadata?.labels ?? {};
  return Object.entries(sel).every(([k, v]) => labels[k] === v);
}

/** The Secrets mounted (as secret volumes or projected sources) by the pods behind a Service, in order, once each. */
export function servingSecretNames(service: KubeService, workloads: KubeWorkload[]): Array<{ secret: string; workload: string }> {
  const out: Array<{ secret: string; workload: string }> = [];
  const seen = new Set<string>();
  for (const w of workloads) {
    if (!selects(service, w)) continue;
    for (const v of w.spec?.template?.spec?.volumes ?? []) {
      const names = [v?.secret?.secretName, ...(v?.projected?.sources ?? []).map((p) => p?.secret?.name)];
      for (const n of names) if (typeof n === 'string' && n && !seen.has(n)) { seen.add(n); out.push({ secret: n, workload: `${w.kind ?? 'Deployment'} ${w.metadata.name}` }); }
    }
  }
  return out;
}

/** The result of checking a caBundle against the certificate the webhook's server presents. */
export interface BundleCheck {
  /** true: validates; false: does not (errors say why); undefined: not checked (text says why). */
  valid: boolean | undefined;
  /** The Secret holding the serving certificate ("ns/name"). */
  against?: string;
  /** The DNS name the API server checks: <service>.<namespace>.svc. */
  host?: string;
  errors: Array<{ depth: number; code: ValidationCode; message: string }>;
  text: string;
}

export function notChecked(why: string): BundleCheck {
  return { valid: undefined, errors: [], text: `Chain not checked: ${why}` };
}

/** The DNS name the API server dials for a Service (and checks in the serving certificate). */
export function serviceHost(s: ServiceRef): string {
  return `${s.name}.${s.namespace}.svc`;
}

/**
 * Path validation of a serving chain (leaf first, as in tls.crt) against a caBundle, as the
 * API server does when it calls the webhook: the caBundle's certificates are the only roots,
 * the rest of tls.crt may serve as intermediates, serverAuth, and the Service's DNS name. With
 * no host (a Secret's tls.crt against its own ca.crt), only the chain is checked.
 */
export async function checkBundle(bundle: CertificateInfo[], serving: CertificateInfo[], against: string, host: string | undefined, at: Date, verify: SignatureVerifier, bundleName = 'the caBundle'): Promise<BundleCheck> {
  if (!bundle.length) return notChecked(`${bundleName} holds no certificate`);
  if (!serving.length) return notChecked(`Secret ${against} holds no certificate in tls.crt`);
  const validate = createValidator({ anchors: bundle, intermediates: serving.slice(1), verify });
  const r = await validate(serving[0], host ? { at, purpose: 'server', name: host } : { at });
  const errors = r.errors.map((e) => ({ depth: e.depth, code: e.code, message: e.message }));
  const subject = serving[0].subject.commonName ? `CN=${serving[0].subject.commonName}` : serving[0].subject.rfc4514 || '(empty subject)';
  const what = `${host ? 'the serving certificate' : 'tls.crt'} ${subject} of Secret ${against}${host ? ` for ${host}` : ''}`;
  const text = r.valid
    ? `Chain valid: ${bundleName} validates ${what}`
    : `Chain INVALID: ${bundleName} does not validate ${what}: ${errors[0]?.message ?? 'no chain'}${errors[0] && errors[0].depth > 0 ? ` (certificate ${errors[0].depth + 1} of the chain)` : ''}`;
  return { valid: r.valid, against, ...(host ? { host } : {}), errors, text };
}

// ---- `certificates --json` ----

export type CertificateRecord = {
  context: string;
  kind: SourceKind;
  resource: SourceResource;
  namespace: string;
  name: string;
  key: string;
  /** Position of this certificate in the value (bundles hold several). */
  index?: number;
  count?: number;
  error?: string;
  service?: string;
  validation?: { valid: boolean | null; against?: string; host?: string; errors: Array<{ depth: number; code: string; message: string }>; text: string };
} & Partial<Omit<InspectRecord, 'file' | 'line'>>;

/** One record per certificate of the source (one record with `error` when it holds none). */
export function certificateRecords(context: string, s: CertSource, check?: BundleCheck): CertificateRecord[] {
  const base: CertificateRecord = { context, kind: s.kind, resource: s.resource, namespace: s.namespace, name: s.name, key: s.key };
  if (s.service) base.service = `${s.service.namespace}/${s.service.name}`;
  if (check) base.validation = { valid: check.valid ?? null, ...(check.against ? { against: check.against } : {}), ...(check.host ? { host: check.host } : {}), errors: check.errors, text: check.text };
  if (!s.certs.length) return [{ ...base, error: s.error ?? `${s.key}: no certificate found` }];
  return s.certs.map((c, i) => {
    const { file: _f, line: _l, ...fields } = inspectRecord(c, '', 0);
    return { ...base, index: i, count: s.certs.length, ...(s.error ? { error: s.error } : {}), ...fields };
  });
}

/**
 * One line of a record (`certwright certificates`, the view's expiry report):
 * "webhook ValidatingWebhookConfiguration/policy validate.policy.io: CN=policy-ca · 5 days left (2026-...) · Chain valid: ..."
 */
export function recordLine(x: CertificateRecord, now: Date, days: number): string {
  const where = `${x.kind} ${x.resource}/${x.namespace ? `${x.namespace}/` : ''}${x.name} ${x.key}${x.count && x.count > 1 ? ` [${(x.index ?? 0) + 1}/${x.count}]` : ''}`;
  if (!x.notAfter) return `${where}: ${x.error ?? 'no certificate'}`;
  const notAfter = new Date(x.notAfter);
  const v = validity(x.notBefore ? new Date(x.notBefore) : new Date(0), notAfter, now, days);
  const check = x.validation && x.validation.valid !== true ? ` · ${x.validation.text}` : '';
  return `${where}: ${x.subject || '(empty subject)'} · ${v.short} (${isoUtc(notAfter).slice(0, 10)})${check}`;
}

/** Parses `--kinds secret,configmap,...`; unknown names are an error naming the accepted ones. */
export function parseKinds(text: string): { ok: true; kinds: SourceKind[] } | { ok: false; error: string } {
  const names = text.split(',').map((k) => k.trim()).filter(Boolean);
  const bad = names.filter((k) => !(SOURCE_KINDS as readonly string[]).includes(k));
  if (bad.length || !names.length) return { ok: false, error: `unknown kind ${JSON.stringify(bad[0] ?? text)} (use a comma-separated list of ${SOURCE_KINDS.join(', ')})` };
  return { ok: true, kinds: [...new Set(names)] as SourceKind[] };
}
