// Kubernetes objects a certificate is for: Services, workloads (Deployment, StatefulSet,
// DaemonSet, ReplicaSet, Job, CronJob, Pod) and cert-manager Certificates, read through the
// workspace's one object model (src/core/workspace-objects.ts: the lint model's parse). Used to
// pre-fill SANs, to offer Services for the cert-manager manifests, and by the code actions.
import type { ParsedFile } from '../lint/model';
import { get } from '../lint/model';
import { Workspace } from '../lint/workspace';
import { certificateSpecOf, containerWords, identityOf, isCertManagerCertificate, parseYaml, podOf, spanOf, WORKLOAD_KINDS } from '../workspace-objects';
import { AuthorError } from './keys';
import { serviceDnsNames, spiffeId } from './names';
import type { Profile } from './profiles';
import type { ServiceTarget } from './cert-manager';

export type WorkloadKind = 'Service' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob' | 'Pod' | 'Certificate';

export interface K8sObject {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  file: string;
  /** 0-based line of the object's start. */
  line: number;
  /** Start and end offsets of the object in its text. */
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

/** A quick test for texts that may hold such objects (files without one are not parsed). */
export const K8S_OBJECT_HINT = /\bkind:\s*["']?(?:Service|Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|Pod|Certificate|List)\b/;

const record = (m: Map<string, string> | undefined) => (m ? Object.fromEntries(m) : undefined);

/** Every Service, workload and Certificate of a parsed file (objects whose kind, name or namespace is templated are skipped). */
export function objectsOf(parsed: ParsedFile): K8sObject[] {
  const out: K8sObject[] = [];
  for (const m of parsed.manifests) {
    const id = identityOf(m);
    if (!id) continue;
    const kind = id.kind;
    if (kind !== 'Service' && !WORKLOAD_KINDS.has(kind) && !isCertManagerCertificate(m)) continue;
    const base: K8sObject = { kind: kind as WorkloadKind, name: id.name, namespace: id.namespace, file: parsed.path, ...spanOf(m) };
    if (kind === 'Service') base.selector = record(Workspace.labels(get(m.root, 'spec', 'selector')));
    else if (kind === 'Certificate') {
      const s = certificateSpecOf(m);
      if (!s) continue; // templated: its names are not known
      base.certificate = { commonName: s.commonName, dnsNames: s.dnsNames ?? [], ipAddresses: s.ipAddresses ?? [], uris: s.uris ?? [], secretName: s.secretName };
    } else {
      const pod = podOf(m);
      base.labels = record(pod.labels);
      base.serviceAccount = pod.serviceAccount;
      base.containerText = containerWords(pod.spec);
    }
    out.push(base);
  }
  return out;
}

/** Every Service, workload and Certificate in a YAML text (documents that do not parse are skipped). */
export function readK8sObjects(file: string, text: string): K8sObject[] {
  return objectsOf(parseYaml(file, text));
}

/** Pods of `workload` are selected by `service` (same namespace, selector labels all match). */
export function selects(service: K8sObject, workload: K8sObject): boolean {
  if (service.kind !== 'Service' || !service.selector || !Object.keys(service.selector).length) return false;
  if (service.namespace !== workload.namespace || !workload.labels) return false;
  return Object.entries(service.selector).every(([k, v]) => workload.labels![k] === v);
}

const isWorkload = (o: K8sObject) => WORKLOAD_KINDS.has(o.kind);
const keyOf = (o: { name: string; namespace: string }) => `${o.namespace}/${o.name}`;

/**
 * The objects indexed for the questions authoring asks of many Services at once (which pods a
 * Service selects, whom they call): built in one pass, each answer without scanning all objects,
 * so `manifests` on 5,000 Services is linear, not quadratic.
 */
export class ObjectIndex {
  /** `namespace\0label=value` -> workloads with that pod label (document order). */
  private readonly byLabel = new Map<string, K8sObject[]>();
  /** Host forms (S.N, S.N.svc, S.N.svc.<domain>) and `N\0S` (bare names, per namespace) -> Service keys. */
  private readonly hosts = new Map<string, Set<string>>();
  /** Per selector (namespace + labels): the pods and up to two distinct Services they call. */
  private readonly groups = new Map<string, { pods: K8sObject[]; calls?: string[] }>();
  /** How many objects were looked at (for tests: stays linear in the input). */
  work = 0;

  constructor(all: K8sObject[], clusterDomain = 'cluster.local') {
    for (const o of all) {
      this.work++;
      if (isWorkload(o)) for (const [k, v] of Object.entries(o.labels ?? {})) push(this.byLabel, `${o.namespace}\0${k}=${v}`, o);
      else if (o.kind === 'Service') {
        const [bare, ...forms] = serviceDnsNames(o.name, o.namespace, clusterDomain);
        for (const f of [`${o.namespace}\0${bare}`, ...forms]) {
          const set = this.hosts.get(f);
          if (set) set.add(keyOf(o)); else this.hosts.set(f, new Set([keyOf(o)]));
        }
      }
    }
  }

  private group(service: K8sObject): { pods: K8sObject[]; calls?: string[] } {
    const sel = Object.entries(service.selector ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const gk = `${service.namespace}\0${JSON.stringify(sel)}`;
    let g = this.groups.get(gk);
    if (g) return g;
    let pods: K8sObject[] = [];
    if (service.kind === 'Service' && sel.length) {
      // Candidates from the rarest selector pair; every pair is then checked.
      let best: K8sObject[] | undefined;
      for (const [k, v] of sel) {
        const list = this.byLabel.get(`${service.namespace}\0${k}=${v}`) ?? [];
        if (!best || list.length < best.length) best = list;
      }
      pods = (best ?? []).filter((w) => { this.work++; return selects(service, w); });
    }
    g = { pods };
    this.groups.set(gk, g);
    return g;
  }

  /** The workloads whose pods `service` selects (document order). */
  podsOf(service: K8sObject): K8sObject[] {
    return this.group(service).pods;
  }

  /** Up to two distinct Services (keys) that the pods behind `service` name in env values, args or commands. */
  private callsOf(service: K8sObject): string[] {
    const g = this.group(service);
    if (g.calls) return g.calls;
    const calls: string[] = [];
    outer: for (const p of g.pods) {
      for (const text of p.containerText ?? []) {
        for (const raw of text.toLowerCase().split(/[^a-z0-9.-]+/)) {
          this.work++;
          const token = raw.replace(/\.$/, '');
          if (!token) continue;
          const hit = this.hosts.get(`${p.namespace}\0${token}`) ?? (token.includes('.') ? this.hosts.get(token) : undefined);
          for (const k of hit ?? []) {
            if (!calls.includes(k)) calls.push(k);
            if (calls.length >= 2) break outer;
          }
        }
      }
    }
    g.calls = calls;
    return calls;
  }

  /**
   * How a Service's pods use their certificate: they serve (server auth); when their containers
   * also name another known Service (env values, args: URLs, host names), they call it as well,
   * so they need client auth too.
   */
  profileOf(service: K8sObject): Profile {
    const self = keyOf(service);
    return this.callsOf(service).some((k) => k !== self) ? 'mtls' : 'server';
  }

  /** What `manifests` needs per Service: its profile (given, or inferred) and its pods' service account. */
  targetOf(service: K8sObject, profile?: Profile): ServiceTarget {
    return { name: service.name, namespace: service.namespace, profile: profile ?? this.profileOf(service), serviceAccount: this.podsOf(service)[0]?.serviceAccount };
  }
}

function push<V>(m: Map<string, V[]>, k: string, v: V): void {
  const list = m.get(k);
  if (list) list.push(v); else m.set(k, [v]);
}

/** `ObjectIndex.profileOf` for one Service (build one index to ask about many). */
export function inferProfile(service: K8sObject, all: K8sObject[], clusterDomain = 'cluster.local'): Profile {
  return new ObjectIndex(all, clusterDomain).profileOf(service);
}

/** The `manifests` targets of `services` (profile given or inferred), linear in `all`. */
export function serviceTargets(services: K8sObject[], all: K8sObject[], profile?: Profile): ServiceTarget[] {
  const index = new ObjectIndex(all);
  return services.map((s) => index.targetOf(s, profile));
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
  /** Why no SPIFFE ID is offered although one was asked for (a namespace or service account no cluster accepts). */
  spiffeProblem?: string;
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
  // A pre-fill never throws (the code actions compute it on every cursor move): a name that no
  // cluster accepts gets no SPIFFE ID, and says why.
  let spiffeProblem: string | undefined;
  if (opts.trustDomain && serviceAccount) {
    try {
      uris = [...uris, spiffeId(opts.trustDomain, target.namespace, serviceAccount)];
    } catch (e) {
      if (!(e instanceof AuthorError)) throw e;
      spiffeProblem = e.message;
    }
  }
  return { commonName, dns: [...new Set(dns)], ips, uris: [...new Set(uris)], serviceAccount, namespace: target.namespace, source: `${target.kind} ${target.namespace}/${target.name}`, ...(spiffeProblem ? { spiffeProblem } : {}) };
}

/** The object whose range contains `offset`, if any (objects in document order: binary search). */
export function objectAt(objects: K8sObject[], offset: number): K8sObject | undefined {
  let lo = 0, hi = objects.length - 1, at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (objects[mid].start <= offset) { at = mid; lo = mid + 1; } else hi = mid - 1;
  }
  // Objects do not overlap, except the items of a `kind: List`, which lie inside no other object.
  return at >= 0 && offset <= objects[at].end ? objects[at] : undefined;
}

/**
 * The objects of open documents, parsed once per document version (the code actions ask on
 * every cursor move): a new version re-parses only the documents an edit touched (the lint
 * model reuses the others), and finding the object at the cursor is a binary search.
 */
export class DocumentObjects {
  private readonly cache = new Map<string, { version: number; parsed?: ParsedFile; objects: K8sObject[] }>();
  /** Parses done (for tests: one per document version). */
  parses = 0;

  constructor(private readonly maxDocuments = 16) {}

  objects(key: string, version: number, text: () => string): K8sObject[] {
    const hit = this.cache.get(key);
    if (hit && hit.version === version) return hit.objects;
    const t = text();
    let entry: { version: number; parsed?: ParsedFile; objects: K8sObject[] };
    if (!K8S_OBJECT_HINT.test(t)) entry = { version, objects: [] };
    else {
      this.parses++;
      const parsed = parseYaml(key, t, hit?.parsed);
      entry = { version, parsed, objects: objectsOf(parsed) };
    }
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size > this.maxDocuments) this.cache.delete(this.cache.keys().next().value as string);
    return entry.objects;
  }

  at(key: string, version: number, text: () => string, offset: number): K8sObject | undefined {
    return objectAt(this.objects(key, version, text), offset);
  }

  forget(key: string): void {
    this.cache.delete(key);
  }
}
