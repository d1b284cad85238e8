// The index of Kubernetes objects across files, with the relations the cross-file rules need:
// which workloads mount which Secrets, which Services select which workloads, who dials what.
import type { Node } from 'yaml';
import { entries, get, items, kustomizePatches, Manifest, parseFile, ParsedFile, str, strings } from './model';

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

export interface Mount {
  workload: Manifest;
  secretName: string;
  node: Node;
  /** `items[].key` values when the volume projects only some keys. */
  keys: Array<{ key: string; node: Node }>;
  via: 'secret' | 'projected' | 'csi';
}

export interface DialedUrl {
  file: ParsedFile | { path: string; text: string };
  host: string;
  port?: string;
  url: string;
  start: number;
  end: number;
  /** The workload whose env holds it, when it comes from a manifest. */
  workload?: Manifest;
}

export interface Summary {
  labels?: Map<string, string>;
  /** Certificate: DNS names as written (with nodes), lowercased set, usages. */
  dns?: Array<{ value: string; node: Node }>;
  dnsLower?: Set<string>;
  usages?: string[];
  selector?: Map<string, string>;
  secretName?: string;
  mounts?: Array<Omit<Mount, 'workload'>>;
  urls?: Array<{ node: Node; quoted: boolean; host: string; port?: string; url: string; at: number }>;
}

/** Facts about one parsed document that cross-file rules need; cached while the document is reused. */
const summaries = new WeakMap<object, Summary>();
const URL_RE = /https:\/\/([a-z0-9][a-z0-9.-]*[a-z0-9]|[a-z0-9])(?::(\d+))?(?=[/"'`\s?#]|$)/g;

export function summaryOf(m: Manifest): Summary {
  const hit = summaries.get(m.doc);
  if (hit) return hit;
  const s: Summary = {};
  if (m.kind === 'Service') s.selector = Workspace.labels(get(m.root, 'spec', 'selector'));
  if (m.kind === 'Certificate') {
    const spec = get(m.root, 'spec');
    s.secretName = str(get(spec, 'secretName'));
    s.dns = strings(get(spec, 'dnsNames'));
    s.dnsLower = new Set(s.dns.map((d) => d.value.toLowerCase().replace(/\.$/, '')));
    s.usages = strings(get(spec, 'usages')).map((u) => u.value);
  }
  if (m.kind && WORKLOAD_KINDS.has(m.kind)) {
    const { spec, labels } = Workspace.podSpec(m);
    s.labels = Workspace.labels(labels);
    s.mounts = [];
    for (const vol of items(get(spec, 'volumes'))) {
      const secret = get(vol, 'secret');
      const sn = get(secret, 'secretName');
      if (str(sn)) s.mounts.push({ secretName: str(sn)!, node: sn!, keys: keysOf(get(secret, 'items')), via: 'secret' });
      for (const src of items(get(vol, 'projected', 'sources'))) {
        const n = get(src, 'secret', 'name');
        if (str(n)) s.mounts.push({ secretName: str(n)!, node: n!, keys: keysOf(get(src, 'secret', 'items')), via: 'projected' });
      }
    }
    s.urls = [];
    for (const c of [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))]) {
      for (const env of items(get(c, 'env'))) {
        const v = get(env, 'value');
        const text = str(v);
        if (!text || !v?.range || !text.includes('https://')) continue;
        const quoted = m.file.text[v.range[0]] === '"' || m.file.text[v.range[0]] === "'";
        for (const u of text.matchAll(URL_RE)) s.urls.push({ node: v, quoted, host: u[1], port: u[2], url: u[0], at: u.index! });
      }
    }
  }
  summaries.set(m.doc, s);
  return s;
}

const EMPTY: Manifest[] = [];

export class Workspace {
  readonly files = new Map<string, ParsedFile>();
  readonly others: Array<{ path: string; text: string }> = [];
  readonly manifests: Manifest[] = [];
  private byKind = new Map<string, Manifest[]>();
  private mountCache?: Mount[];
  private index?: {
    /** namespace + first selector pair -> Services with that selector. */
    servicesBySelector: Map<string, Array<{ svc: Manifest; selector: Map<string, string> }>>;
    servicesByName: Map<string, Manifest[]>;
    certsBySecret: Map<string, Manifest[]>;
    secretsByName: Map<string, Manifest[]>;
  };
  private dialCache?: DialedUrl[];

  /**
   * `cache` lets a long-lived caller (the editor) reuse the parse of files whose text and
   * patch status did not change since the last run: re-linting after an edit re-parses one file.
   */
  constructor(inputs: Array<{ path: string; text: string }>, cache?: Map<string, ParsedFile>) {
    const patches = kustomizePatches(inputs.filter((f) => /kustomization\.ya?ml$/i.test(f.path)));
    for (const f of inputs) {
      if (/\.ya?ml$/i.test(f.path)) {
        const prev = cache?.get(f.path);
        const partial = patches.has(f.path);
        const same = prev && prev.text === f.text && prev.manifests.every((m) => m.partial === partial);
        const parsed = same ? prev : parseFile(f.path, f.text, patches, prev && prev.manifests.every((m) => m.partial === partial) ? prev : undefined);
        cache?.set(f.path, parsed);
        this.files.set(f.path, parsed);
        for (const m of parsed.manifests) {
          this.manifests.push(m);
          if (m.kind) (this.byKind.get(m.kind) ?? this.byKind.set(m.kind, []).get(m.kind)!).push(m);
        }
      } else this.others.push(f);
    }
  }

  ofKind(...kinds: string[]): Manifest[] {
    if (kinds.length === 1) return this.byKind.get(kinds[0]) ?? EMPTY;
    return kinds.flatMap((k) => this.byKind.get(k) ?? []);
  }

  private byName = new Map<string, Manifest[]>();

  find(kind: string, name: string, namespace?: string): Manifest | undefined {
    let list = this.byName.get(`${kind}/${name}`);
    if (!list) {
      if (!this.byName.size) for (const m of this.manifests) if (m.kind && m.name && !m.partial) push(this.byName, `${m.kind}/${m.name}`, m);
      list = this.byName.get(`${kind}/${name}`) ?? EMPTY;
    }
    return list.find((m) => namespace === undefined || m.namespace === namespace);
  }

  /** Pod spec and pod labels of a workload. */
  static podSpec(w: Manifest): { spec?: Node; labels?: Node } {
    const root = w.root;
    switch (w.kind) {
      case 'Pod': return { spec: get(root, 'spec'), labels: get(root, 'metadata', 'labels') };
      case 'CronJob': return { spec: get(root, 'spec', 'jobTemplate', 'spec', 'template', 'spec'), labels: get(root, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels') };
      default: return { spec: get(root, 'spec', 'template', 'spec'), labels: get(root, 'spec', 'template', 'metadata', 'labels') };
    }
  }

  static labels(node: Node | undefined): Map<string, string> {
    const out = new Map<string, string>();
    for (const e of entries(node)) { const v = str(e.value); if (v !== undefined) out.set(e.key, v); }
    return out;
  }

  mounts(): Mount[] {
    if (this.mountCache) return this.mountCache;
    const out: Mount[] = [];
    for (const w of this.ofKind(...WORKLOAD_KINDS)) for (const mt of summaryOf(w).mounts ?? []) out.push({ ...mt, workload: w });
    this.mountCache = out;
    return out;
  }

  private idx() {
    if (this.index) return this.index;
    const servicesBySelector = new Map<string, Array<{ svc: Manifest; selector: Map<string, string> }>>();
    const servicesByName = new Map<string, Manifest[]>();
    for (const svc of this.ofKind('Service')) {
      if (svc.partial || !svc.namespace) continue;
      const selector = summaryOf(svc).selector!;
      const first = selector.entries().next().value as [string, string] | undefined;
      if (first) push(servicesBySelector, `${svc.namespace}\u0000${first[0]}=${first[1]}`, { svc, selector });
      if (svc.name) push(servicesByName, svc.name, svc);
    }
    const certsBySecret = new Map<string, Manifest[]>();
    for (const c of this.ofKind('Certificate')) {
      const sn = summaryOf(c).secretName;
      if (sn) push(certsBySecret, `${c.namespace}/${sn}`, c), push(certsBySecret, `*/${sn}`, c);
    }
    const secretsByName = new Map<string, Manifest[]>();
    for (const sec of this.ofKind('Secret')) if (sec.name) push(secretsByName, `${sec.namespace}/${sec.name}`, sec), push(secretsByName, `*/${sec.name}`, sec);
    this.index = { servicesBySelector, servicesByName, certsBySecret, secretsByName };
    return this.index;
  }

  /** Services in the workload's namespace whose selector matches its pod labels. */
  servicesOf(w: Manifest): Manifest[] {
    const labels = summaryOf(w).labels ?? new Map<string, string>();
    const out: Manifest[] = [];
    const index = this.idx().servicesBySelector;
    for (const [k, v] of labels) {
      for (const { svc, selector } of index.get(`${w.namespace}\u0000${k}=${v}`) ?? []) {
        let ok = true;
        for (const [sk, sv] of selector) if (labels.get(sk) !== sv) { ok = false; break; }
        if (ok && !out.includes(svc)) out.push(svc);
      }
    }
    return out;
  }

  /** cert-manager Certificates writing `secretName` in `namespace` (any namespace when undefined). */
  certificatesFor(secretName: string, namespace: string | undefined): Manifest[] {
    return (this.idx().certsBySecret.get(`${namespace ?? '*'}/${secretName}`) ?? []).filter((c) => !c.partial);
  }

  /** The Service that a host name refers to (S, S.N, S.N.svc, S.N.svc.cluster.local), given the caller's namespace. */
  serviceForHost(host: string, callerNamespace?: string): Manifest | undefined {
    const parts = host.toLowerCase().split('.');
    const svc = parts[0];
    let ns: string | undefined;
    if (parts.length === 1) ns = callerNamespace;
    else if (parts.length === 2 || (parts.length >= 3 && parts[2] === 'svc')) ns = parts[1];
    else return undefined;
    if (parts.length > 3 && parts.slice(2).join('.') !== 'svc.cluster.local') return undefined;
    return (this.idx().servicesByName.get(svc) ?? []).find((s) => ns === undefined || s.namespace === ns);
  }

  /** Secrets that a Certificate (spec.secretName) or a Secret object produces. */
  producers(secretName: string, namespace: string | undefined): Manifest[] {
    const key = `${namespace ?? '*'}/${secretName}`;
    return [...(this.idx().certsBySecret.get(key) ?? []), ...(this.idx().secretsByName.get(key) ?? [])];
  }

  /** `https://host[:port]` URLs in manifests' env values and in non-YAML files (code, scripts). */
  dialedUrls(): DialedUrl[] {
    if (this.dialCache) return this.dialCache;
    const out: DialedUrl[] = [];
    this.dialCache = out;
    for (const w of this.ofKind(...WORKLOAD_KINDS)) {
      for (const u of summaryOf(w).urls ?? []) {
        const start = u.node.range![0] + (u.quoted ? 1 : 0) + u.at;
        out.push({ file: w.file, host: u.host, port: u.port, url: u.url, start, end: start + u.url.length, workload: w });
      }
    }
    for (const f of this.others) {
      if (!/\.(go|py|js|ts|mjs|cjs|jsx|tsx|sh|bash|java|rs|rb|env)$/i.test(f.path) && !/(^|\/)\.env/.test(f.path)) continue;
      for (const m of f.text.matchAll(URL_RE)) {
        out.push({ file: f, host: m[1], port: m[2], url: m[0], start: m.index!, end: m.index! + m[0].length });
      }
    }
    return out;
  }
}

function keysOf(itemsNode: Node | undefined): Array<{ key: string; node: Node }> {
  return items(itemsNode).flatMap((it) => {
    const k = get(it, 'key');
    return str(k) ? [{ key: str(k)!, node: k! }] : [];
  });
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
