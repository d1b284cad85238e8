// The certificates a cluster depends on beyond TLS Secrets, read through one context's
// KubeClient: ConfigMaps, admission and CRD conversion webhooks, APIServices, the kubeconfig
// user's client certificate; and the check of a webhook's caBundle against the serving
// certificate its Service's pods mount. Shared by the Cluster view (cluster-model.ts) and
// `certwright certificates`. Each list is paged with the client's bounds and reduced to decoded
// certificates page by page; a 403 on one kind is a problem of that kind, never of the others.
// Secret data read for a check stays in memory and only the certificates are kept.
import { readFileSync } from 'node:fs';
import { certificatesIn } from '../core/cluster/secrets';
import {
  apiServiceSources, BundleCheck, CertSource, checkBundle, configMapHoldsCertificates, configMapSources, crdHasConversionBundle, crdSources,
  kubeconfigSource, KubeService, KubeWorkload, notChecked, serviceHost, servingSecretNames, webhookSources,
} from '../core/cluster/sources';
import type { Hasher } from '../core/hash';
import type { CertificateInfo } from '../core/model';
import { KubeClient, KubeError } from './kube';
import { nodeSignatureVerifier } from './platform';

/** The cluster-wide groups of the Cluster view (and kinds of `certificates`). */
export type ClusterGroup = 'webhook' | 'apiservice';

export interface SourceProblem {
  /** What could not be listed: "ValidatingWebhookConfigurations", "ConfigMaps of namespace x"... */
  what: string;
  error: KubeError;
}

export interface SourceList {
  sources: CertSource[];
  problems: SourceProblem[];
}

export function asKubeError(e: unknown): KubeError {
  return e instanceof KubeError ? e : new KubeError('server', (e as Error)?.message ?? String(e));
}

/** Runs one listing; a failure other than cancellation becomes a problem of `what`. */
async function attempt(what: string, problems: SourceProblem[], run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    const k = asKubeError(e);
    if (k.kind === 'cancelled') throw k;
    problems.push({ what, error: k });
  }
}

/** Webhook configurations (validating, mutating) and CRD conversion webhooks with a caBundle. */
export async function webhookSourceList(client: KubeClient, pageSize: number, hasher: Hasher, signal?: AbortSignal): Promise<SourceList> {
  const out: SourceList = { sources: [], problems: [] };
  const kinds = [['validating', 'ValidatingWebhookConfiguration'], ['mutating', 'MutatingWebhookConfiguration']] as const;
  await Promise.all([
    ...kinds.map(([which, resource]) => attempt(`${resource}s`, out.problems, async () => {
      for await (const page of client.webhookConfigurationPages(which, pageSize, signal)) for (const w of page) out.sources.push(...webhookSources(w, resource, hasher));
    })),
    attempt('CustomResourceDefinitions', out.problems, async () => {
      for await (const page of client.crdPages(pageSize, signal, crdHasConversionBundle)) for (const c of page) out.sources.push(...crdSources(c, hasher));
    }),
  ]);
  return out;
}

export async function apiServiceSourceList(client: KubeClient, pageSize: number, hasher: Hasher, signal?: AbortSignal): Promise<SourceList> {
  const out: SourceList = { sources: [], problems: [] };
  await attempt('APIServices', out.problems, async () => {
    for await (const page of client.apiServicePages(pageSize, signal)) for (const a of page) out.sources.push(...apiServiceSources(a, hasher));
  });
  return out;
}

/** The context's client certificate from the kubeconfig (inline data or its file); none for token or plugin users. */
export function kubeconfigSourceOf(client: KubeClient, hasher: Hasher): CertSource | undefined {
  const c = client.clientCertificate();
  if (!c) return undefined;
  if (c.data !== undefined) return kubeconfigSource(c.user, 'client-certificate-data', { base64: c.data }, hasher);
  let value: { bytes: Uint8Array } | { error: string };
  try {
    // A client certificate file is small; 1 MB bounds a file that is not one.
    const bytes = readFileSync(c.file!);
    value = bytes.length > 1 << 20 ? { error: `${c.file} is larger than 1 MB: not a certificate` } : { bytes };
  } catch (e) {
    value = { error: `cannot read ${c.file}: ${(e as Error).message}` };
  }
  return kubeconfigSource(c.user, 'client-certificate', value, hasher);
}

/**
 * ConfigMaps holding certificates in a namespace (all namespaces when undefined), page by page:
 * `onPage` receives each page's sources as soon as it is decoded; `beforeNextPage` (the Cluster
 * view's background pacing) is awaited before each page after the first.
 */
export async function configMapSourcePages(client: KubeClient, namespace: string | undefined, pageSize: number, hasher: Hasher, onPage: (sources: CertSource[]) => void, signal?: AbortSignal, beforeNextPage?: () => Promise<void>): Promise<void> {
  const pages = client.configMapPages(namespace, pageSize, signal, configMapHoldsCertificates);
  for (let first = true; ; first = false) {
    if (!first && beforeNextPage) await beforeNextPage();
    const next = await pages.next();
    if (next.done) return;
    const found: CertSource[] = [];
    for (const cm of next.value) found.push(...configMapSources(cm, namespace ?? '', hasher));
    onPage(found);
  }
}

/**
 * Checks caBundles against the serving certificates behind their Services (Service → selector
 * → the pod templates of Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs and CronJobs → mounted Secret → tls.crt), reading each Service, namespace's
 * Deployments and Secret once.
 */
export class BundleChecker {
  private readonly services = new Map<string, Promise<KubeService>>();
  private readonly workloads = new Map<string, Promise<KubeWorkload[]>>();
  private readonly serving = new Map<string, Promise<CertificateInfo[]>>();

  constructor(private readonly client: KubeClient, private readonly hasher: Hasher, private readonly signal?: AbortSignal, private readonly now: () => Date = () => new Date()) {}

  private once<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    let p = map.get(key);
    if (!p) {
      p = load();
      map.set(key, p);
    }
    return p;
  }

  private servingChain(namespace: string, name: string): Promise<CertificateInfo[]> {
    return this.once(this.serving, `${namespace}/${name}`, async () => {
      const s = await this.client.secret(namespace, name, this.signal);
      // Only tls.crt is decoded: the data (the key included) is dropped when this returns.
      return certificatesIn(s.data?.['tls.crt'], 'tls.crt', this.hasher, []);
    });
  }

  async check(source: CertSource): Promise<BundleCheck> {
    if (source.kind !== 'webhook' && source.kind !== 'apiservice') return notChecked('not a caBundle');
    if (!source.certs.length) return notChecked(source.error ?? 'the caBundle holds no certificate');
    const svc = source.service;
    if (!svc) return notChecked(source.url ? `the API server calls ${source.url}, not a Service of the cluster` : 'no Service is named');
    const ref = `${svc.namespace}/${svc.name}`;
    const why = (what: string, e: unknown) => {
      const k = asKubeError(e);
      if (k.kind === 'cancelled') throw k;
      return notChecked(`${what}: ${k.message}`);
    };
    let service: KubeService;
    try {
      service = await this.once(this.services, ref, () => this.client.service(svc.namespace, svc.name, this.signal));
    } catch (e) {
      return why(`cannot read Service ${ref}`, e);
    }
    let workloads: KubeWorkload[];
    try {
      workloads = await this.once(this.workloads, svc.namespace, () => this.client.workloads(svc.namespace, this.signal));
    } catch (e) {
      return why(`cannot list the workloads (Deployments, StatefulSets, DaemonSets...) of namespace "${svc.namespace}"`, e);
    }
    const mounted = servingSecretNames(service, workloads);
    if (!mounted.length) return notChecked(`no Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob in namespace "${svc.namespace}" selected by Service ${ref} mounts a Secret`);
    const host = serviceHost(svc);
    let first: BundleCheck | undefined;
    let unread: BundleCheck | undefined;
    for (const m of mounted) {
      let chain: CertificateInfo[];
      try {
        chain = await this.servingChain(svc.namespace, m.secret);
      } catch (e) {
        unread ??= why(`cannot read Secret ${svc.namespace}/${m.secret} mounted by ${m.workload}`, e);
        continue;
      }
      if (!chain.length) continue;
      const r = await checkBundle(source.certs, chain, `${svc.namespace}/${m.secret}`, host, this.now(), nodeSignatureVerifier);
      if (r.valid) return r;
      first ??= r;
    }
    return first ?? unread ?? notChecked(`no Secret mounted by the pods of Service ${ref} holds tls.crt`);
  }
}
