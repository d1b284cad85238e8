// Kubernetes objects a certificate is for: Services, workloads (Deployment, StatefulSet,
// DaemonSet) and cert-manager Certificates, read from YAML texts. Used to pre-fill SANs and to
// offer Services for the cert-manager manifests.
import { isMap, LineCounter, parseAllDocuments, YAMLMap } from 'yaml';
import { serviceDnsNames, spiffeId } from './names';
import type { Profile } from './profiles';

export type WorkloadKind = 'Service' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Certificate';
const KINDS = new Set<string>(['Service', 'Deployment', 'StatefulSet', 'DaemonSet', 'Certificate']);

export interface K8sObject {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  file: string;
  /** 0-based line of the document's start. */
  line: number;
  /** Start and end offsets of the document in its text. */
  start: number;
  end: number;
  /** Service: spec.selector. Workloads: pod template labels. */
  selector?: Record<string, string>;
  labels?: Record<string, string>;
  serviceAccount?: string;
  /** Workloads: every env value, arg and command word of every container. */
  containerText?: string[];
  /** Certificate: the SANs and common name it asks for. */
  certificate?: { commonName?: string; dnsNames: string[]; ipAddresses: string[]; uris: string[]; secretName?: string };
}

function strMap(v: unknown): Record<string, string> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String) : []);

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every Service, workload and Certificate in a YAML text (documents that do not parse are skipped). */
export function readK8sObjects(file: string, text: string): K8sObject[] {
  const out: K8sObject[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: new LineCounter(), uniqueKeys: false });
  } catch {
    return out;
  }
  if (!Array.isArray(docs)) return out;
  const lineOf = (offset: number) => { let n = 0; for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++; return n; };
  for (const doc of docs) {
    if (doc.errors.length || !isMap(doc.contents)) continue;
    const o = doc.toJS({ maxAliasCount: 50 }) as J;
    if (!o || typeof o !== 'object' || !KINDS.has(o.kind) || typeof o.metadata?.name !== 'string') continue;
    const kind = o.kind as WorkloadKind;
    if (kind === 'Certificate' && !String(o.apiVersion ?? '').startsWith('cert-manager.io/')) continue;
    const range = (doc.contents as YAMLMap).range ?? [0, 0, 0];
    const base: K8sObject = {
      kind, name: o.metadata.name, namespace: typeof o.metadata.namespace === 'string' ? o.metadata.namespace : 'default',
      file, line: lineOf(range[0]), start: range[0], end: range[2],
    };
    if (kind === 'Service') base.selector = strMap(o.spec?.selector);
    else if (kind === 'Certificate') {
      const s = o.spec ?? {};
      base.certificate = { commonName: typeof s.commonName === 'string' ? s.commonName : undefined, dnsNames: strings(s.dnsNames), ipAddresses: strings(s.ipAddresses), uris: strings(s.uris), secretName: typeof s.secretName === 'string' ? s.secretName : undefined };
    } else {
      const pod = o.spec?.template ?? {};
      base.labels = strMap(pod.metadata?.labels);
      base.serviceAccount = typeof pod.spec?.serviceAccountName === 'string' ? pod.spec.serviceAccountName : undefined;
      const words: string[] = [];
      const containers = [...(Array.isArray(pod.spec?.containers) ? pod.spec.containers : []), ...(Array.isArray(pod.spec?.initContainers) ? pod.spec.initContainers : [])];
      for (const c of containers) {
        if (!c || typeof c !== 'object') continue;
        words.push(...strings(c.args), ...strings(c.command));
        if (Array.isArray(c.env)) for (const e of c.env) if (e && typeof e.value === 'string') words.push(e.value);
      }
      base.containerText = words;
    }
    out.push(base);
  }
  return out;
}

/** Pods of `workload` are selected by `service` (same namespace, selector labels all match). */
export function selects(service: K8sObject, workload: K8sObject): boolean {
  if (service.kind !== 'Service' || !service.selector || !Object.keys(service.selector).length) return false;
  if (service.namespace !== workload.namespace || !workload.labels) return false;
  return Object.entries(service.selector).every(([k, v]) => workload.labels![k] === v);
}

const isWorkload = (o: K8sObject) => o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet';

/**
 * How a Service's pods use their certificate: they serve (server auth); when their containers
 * also name another known Service (env values, args: URLs, host names), they call it as well,
 * so they need client auth too.
 */
export function inferProfile(service: K8sObject, all: K8sObject[], clusterDomain = 'cluster.local'): Profile {
  const pods = all.filter((w) => isWorkload(w) && selects(service, w));
  const others = all.filter((s) => s.kind === 'Service' && !(s.name === service.name && s.namespace === service.namespace));
  const hosts = new Set<string>();
  for (const s of others) {
    const forms = serviceDnsNames(s.name, s.namespace, clusterDomain);
    // The bare name only reaches a Service in the caller's own namespace.
    for (const f of s.namespace === service.namespace ? forms : forms.slice(1)) hosts.add(f);
  }
  for (const p of pods) {
    for (const text of p.containerText ?? []) {
      for (const token of text.toLowerCase().split(/[^a-z0-9.-]+/)) if (hosts.has(token.replace(/\.$/, ''))) return 'mtls';
    }
  }
  return 'server';
}

export interface Prefill {
  commonName: string;
  dns: string[];
  ips: string[];
  uris: string[];
  /** The service account whose SPIFFE ID is offered (workloads and selected pods). */
  serviceAccount?: string;
  namespace: string;
  /** What the SANs were taken from, for the prompt. */
  source: string;
}

/**
 * SANs for a certificate made for `target`: a Service's four DNS forms; a workload's Services
 * (the ones selecting it, else a Service named like it); a Certificate's own names. With
 * `trustDomain`, the SPIFFE ID of the pods' service account is added as a URI SAN.
 */
export function prefillFor(target: K8sObject, all: K8sObject[], opts: { trustDomain?: string; clusterDomain?: string } = {}): Prefill {
  const cd = opts.clusterDomain ?? 'cluster.local';
  let dns: string[] = [];
  let ips: string[] = [];
  let uris: string[] = [];
  let serviceAccount: string | undefined;
  let commonName = target.name;
  if (target.kind === 'Service') {
    dns = serviceDnsNames(target.name, target.namespace, cd);
    const pod = all.find((w) => isWorkload(w) && selects(target, w));
    serviceAccount = pod ? pod.serviceAccount ?? 'default' : 'default';
  } else if (target.kind === 'Certificate') {
    const c = target.certificate!;
    dns = c.dnsNames;
    ips = c.ipAddresses;
    uris = c.uris;
    commonName = c.commonName ?? c.dnsNames[0] ?? target.name;
  } else {
    serviceAccount = target.serviceAccount ?? 'default';
    const services = all.filter((s) => s.kind === 'Service' && selects(s, target));
    const names = services.length ? services.map((s) => s.name) : [target.name];
    dns = names.flatMap((n) => serviceDnsNames(n, target.namespace, cd));
    commonName = names[0];
  }
  if (opts.trustDomain && serviceAccount) uris = [...uris, spiffeId(opts.trustDomain, target.namespace, serviceAccount)];
  return { commonName, dns: [...new Set(dns)], ips, uris: [...new Set(uris)], serviceAccount, namespace: target.namespace, source: `${target.kind} ${target.namespace}/${target.name}` };
}

/** The object whose document contains `offset`, if any. */
export function objectAt(objects: K8sObject[], offset: number): K8sObject | undefined {
  return objects.find((o) => o.start <= offset && offset <= o.end);
}

