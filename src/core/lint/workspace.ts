// The index of Kubernetes objects across files, with the relations the cross-file rules need:
// which workloads mount which Secrets, which Services select which workloads, who dials what.
import type { Node } from 'yaml';
import { LineIndex } from '../lines';
import { pkiModel } from './pki-model';
import { scriptCertificates } from './script-certs';
import { entries, get, items, kustomizePatches, LintFinding, Manifest, parseFile, ParsedFile, range, str, strings, valueOffsetMapper } from './model';

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

export interface Mount {
  workload: Manifest;
  secretName: string;
  /** `namespace/secretName` keys: of the Secret's producers, and of the Certificates writing it. */
  key: string;
  certKey: string;
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
}

/**
 * Facts about one manifest that cross-file rules need, with the index keys precomputed; cached
 * while the Manifest lives (as long as its document is reused unchanged).
 */
export interface Summary {
  /** `Kind/name` (for lookups by name). */
  nameKey?: string;
  labels?: Map<string, string>;
  /** Workload: `namespace\0label=value` per pod label (the keys of servicesBySelector). */
  labelKeys?: string[];
  /** Certificate: DNS names as written (with nodes), lowercased set, usages. */
  dns?: Array<{ value: string; node: Node }>;
  dnsLower?: Set<string>;
  usages?: string[];
  selector?: Map<string, string>;
  /** Service: `namespace\0label=value` of its first selector pair. */
  selectorKey?: string;
  secretName?: string;
  mounts?: Mount[];
  urls?: Array<{ node: Node; host: string; port?: string; url: string; at: number }>;
  /** Certificate/CertificateRequest: a cert-manager.io issuerRef with a name (as written). */
  issuerRef?: { name: string; kind: string; nameNode: Node; kindNode?: Node; issuerKey: string; clusterIssuerKey: string };
}

const summaries = new WeakMap<Manifest, Summary>();
export const URL_RE = /https:\/\/([a-z0-9][a-z0-9.-]*[a-z0-9]|[a-z0-9])(?::(\d+))?(?=[/"'`\s?#]|$)/g;

export function summaryOf(m: Manifest): Summary {
  const hit = summaries.get(m);
  if (hit) return hit;
  const s: Summary = {};
  if (m.kind && m.name && !m.partial) s.nameKey = `${m.kind}/${m.name}`;
  if (m.kind === 'Service') {
    s.selector = Workspace.labels(get(m.root, 'spec', 'selector'));
    const first = s.selector.entries().next().value as [string, string] | undefined;
    if (first && m.namespace && !m.partial) s.selectorKey = `${m.namespace}\u0000${first[0]}=${first[1]}`;
  }
  if (m.kind === 'Certificate') {
    const spec = get(m.root, 'spec');
    s.secretName = str(get(spec, 'secretName'));
    s.dns = strings(get(spec, 'dnsNames'));
    s.dnsLower = new Set(s.dns.map((d) => d.value.toLowerCase().replace(/\.$/, '')));
    s.usages = strings(get(spec, 'usages')).map((u) => u.value);
  }
  if (m.kind === 'Certificate' || m.kind === 'CertificateRequest') {
    const ref = get(m.root, 'spec', 'issuerRef');
    const nameNode = get(ref, 'name');
    const name = str(nameNode);
    const group = str(get(ref, 'group'));
    const kindNode = get(ref, 'kind');
    if (name && nameNode && (!group || group === 'cert-manager.io')) s.issuerRef = { name, kind: str(kindNode) || 'Issuer', nameNode, kindNode, issuerKey: `Issuer/${name}`, clusterIssuerKey: `ClusterIssuer/${name}` };
  }
  if (m.kind && WORKLOAD_KINDS.has(m.kind)) {
    const { spec, labels } = Workspace.podSpec(m);
    s.labels = Workspace.labels(labels);
    s.labelKeys = [...s.labels].map(([k, v]) => `${m.namespace}\u0000${k}=${v}`);
    s.mounts = [];
    const mount = (secretName: string, node: Node, itemsNode: Node | undefined, via: Mount['via']) =>
      s.mounts!.push({ workload: m, secretName, key: `${m.namespace ?? '*'}/${secretName}`, certKey: `${m.namespace ?? 'default'}/${secretName}`, node, keys: keysOf(itemsNode), via });
    for (const vol of items(get(spec, 'volumes'))) {
      const secret = get(vol, 'secret');
      const sn = get(secret, 'secretName');
      if (str(sn)) mount(str(sn)!, sn!, get(secret, 'items'), 'secret');
      for (const src of items(get(vol, 'projected', 'sources'))) {
        const n = get(src, 'secret', 'name');
        if (str(n)) mount(str(n)!, n!, get(src, 'secret', 'items'), 'projected');
      }
    }
    s.urls = [];
    for (const c of [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))]) {
      for (const env of items(get(c, 'env'))) {
        const v = get(env, 'value');
        const text = str(v);
        if (!text || !v?.range || !text.includes('https://')) continue;
        for (const u of text.matchAll(URL_RE)) s.urls.push({ node: v, host: u[1], port: u[2], url: u[0], at: u.index! });
      }
    }
  }
  summaries.set(m, s);
  return s;
}

const EMPTY: Manifest[] = [];
const lineIndexCache = new WeakMap<ParsedFile, Lines>();
const chunkLines = new WeakMap<object, LineIndex>();

interface Lines { position(offset: number): { line: number; character: number } }

/**
 * Line positions of a parsed file from its document chunks: each chunk keeps its own line index
 * while it is reused, so after an edit only the re-parsed chunk is indexed again (a line index
 * of a 1 MB file costs more than the whole re-lint). Chunks start at line starts (`---`).
 */
function linesOf(parsed: ParsedFile): Lines {
  const order = parsed.order;
  let at = 0;
  for (const c of order) { if (c.base !== at) break; at += c.text.length; }
  if (!order.length || at !== parsed.text.length) return new LineIndex(parsed.text); // a chunk was not parsed: index the text
  // Sized once (typed where they hold numbers): built again after each edit, for thousands of chunks.
  const n = order.length;
  const bases = new Float64Array(n), firstLines = new Float64Array(n), indexes = new Array<LineIndex>(n);
  let line = 0;
  for (let i = 0; i < n; i++) {
    const c = order[i];
    let idx = chunkLines.get(c);
    if (!idx) chunkLines.set(c, (idx = new LineIndex(c.text)));
    bases[i] = c.base;
    firstLines[i] = line;
    indexes[i] = idx;
    line += idx.lineCount - 1;
  }
  return {
    position(offset: number) {
      let lo = 0, hi = bases.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (bases[mid] <= offset) lo = mid; else hi = mid - 1; }
      const p = indexes[lo].position(offset - bases[lo]);
      return { line: firstLines[lo] + p.line, character: p.character };
    },
  };
}

/** 0-based line and column (UTF-16 code units) of a range's start and end. */
export interface Positions { line: number; column: number; endLine: number; endColumn: number }

/** Another place a finding relates to (the Service a certificate must cover, a copy of the object...). */
export interface RelatedLocation extends Positions { file: string; start: number; end: number; message: string }

/**
 * Where a related location lies, kept by node while findings are cached: nodes of reused
 * documents move with edits above them, so the offsets are read when the run's findings are out.
 */
export interface RelatedRef { file: { path: string }; node?: Node; start?: number; end?: number; message: string }

/** The related places of a finding, resolved to offsets and positions by `Workspace.resolve`. */
export const relatedRefs = new WeakMap<LintFinding, RelatedRef[]>();

/** The related place for an object: its metadata.name (or the object). */
export function relatedTo(m: Manifest, message: string): RelatedRef {
  return { file: m.file, node: get(m.root, 'metadata', 'name') ?? m.root, message };
}

/** What decides which objects can meet in one cluster (see the README, "Scopes"). */
interface FileScope {
  /** The folder, with a trailing "/" ("" at the top). */
  dir: string;
  /** The folder and each folder above it, nearest first, ending with "". */
  ancestors: string[];
  /** Kustomizations that include the file (`kustomize:<folder>`) and the Helm chart it is in (`helm:<folder>`). */
  closed: string[];
}

const dirOf = (p: string) => { const n = p.replace(/\\/g, '/'); return n.slice(0, n.lastIndexOf('/') + 1); };

function ancestorsOf(dir: string): string[] {
  const out = [dir];
  for (let d = dir; d && d !== '/'; ) {
    const i = d.length > 1 ? d.lastIndexOf('/', d.length - 2) : -1;
    d = i < 0 ? '' : d.slice(0, i + 1);
    out.push(d);
  }
  if (out[out.length - 1] !== '') out.push('');
  return out;
}

function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') { if (parts.length && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') parts.pop(); else parts.push(seg); }
    else if (seg !== '.' && (seg !== '' || !parts.length)) parts.push(seg);
  }
  return parts.join('/');
}

/** The file and folder entries a kustomization includes: resources, components, bases, patches, generator files. */
function kustomizationEntries(root: Node | undefined): string[] {
  const out: string[] = [];
  for (const key of ['resources', 'components', 'bases', 'patchesStrategicMerge', 'crds']) for (const it of strings(get(root, key))) out.push(it.value);
  for (const key of ['patches', 'patchesJson6902']) for (const it of items(get(root, key))) { const p = str(get(it, 'path')); if (p) out.push(p); }
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    for (const gen of items(get(root, key))) for (const f of strings(get(gen, 'files'))) out.push(f.value.slice(f.value.indexOf('=') + 1));
  }
  // Remote bases (URLs, git) are not in the workspace.
  return out.filter((e) => e && !/^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i.test(e) && !e.includes('\n'));
}

export class Workspace {
  readonly files = new Map<string, ParsedFile>();
  readonly others: Array<{ path: string; text: string }> = [];
  readonly manifests: Manifest[] = [];
  /** The time expiry rules measure against (the clock is passed in; now when unset). */
  now?: Date;
  private byKind = new Map<string, Manifest[]>();
  private mountCache?: Mount[];
  index?: {
    /** namespace + first selector pair -> Services with that selector. */
    servicesBySelector: Map<string, Manifest[]>;
    /** By name, and by `name\0namespace`. */
    servicesByName: Map<string, Manifest[]>;
    /** namespace/secretName and * /secretName -> Certificates writing it (all of them). */
    certsBySecret: Map<string, Manifest[]>;
    /** The same, without partial Certificates. */
    wholeCertsBySecret: Map<string, Manifest[]>;
    secretsByName: Map<string, Manifest[]>;
  };
  private servicesCache = new Map<Manifest, Manifest[]>();
  private scopes = new Map<string, FileScope>();
  private closedScopes?: Map<string, string[]>;
  private lineIndexes = new Map<string, Lines>();
  private nearIndex = new WeakMap<readonly object[], Map<string, object[]>>();
  private othersByPath?: Map<string, string>;

  /**
   * `cache` lets a long-lived caller (the editor) reuse the parse of files whose text and
   * patch status did not change since the last run: re-linting after an edit re-parses one file.
   */
  constructor(inputs: Array<{ path: string; text: string }>, readonly cache?: Map<string, ParsedFile>) {
    const patches = kustomizePatches(inputs.filter((f) => /kustomization\.ya?ml$/i.test(f.path)));
    for (const f of inputs) {
      if (/\.ya?ml$/i.test(f.path)) {
        const prev = cache?.get(f.path);
        const partial = patches.has(f.path);
        const samePatch = prev && prev.manifests.every((m) => m.partial === partial);
        const parsed = samePatch && prev.text === f.text ? prev : parseFile(f.path, f.text, patches, samePatch ? prev : undefined);
        cache?.set(f.path, parsed);
        this.files.set(f.path, parsed);
        for (const m of parsed.manifests) {
          this.manifests.push(m);
          if (m.kind) (this.byKind.get(m.kind) ?? this.byKind.set(m.kind, []).get(m.kind)!).push(m);
        }
      } else this.others.push(f);
    }
  }

  /** The previous run's workspace and the objects re-parsed since (see `reuseIndexes`). */
  private inherited?: { from: Workspace; swaps: Map<Manifest, Manifest> };

  /**
   * Stays the same object from run to run while the relations between objects do (see
   * `reuseIndexes`): what is computed from relations only (which issuer a Certificate names,
   * which object writes an issuer's Secret) is kept across runs under it (`relationMemo`).
   */
  relations: object = {};

  /**
   * Takes over the indexes of the previous run's workspace (g18: a re-lint after a one-line edit).
   * When both hold the same files and objects in the same order except a few re-parsed ones whose
   * index keys (kind, name, namespace, selector, secretName, partial) did not change, and no file
   * that decides scopes changed, the previous indexes are moved here with those objects swapped
   * in place: no rebuild over every object, and the relations are the same (`relations`). Anything
   * else (objects added, removed, renamed, moved; code or scripts edited): built anew as before.
   */
  reuseIndexes(prev: Workspace): void {
    const a = prev.manifests, b = this.manifests;
    if (a.length !== b.length || this.index || this.byName || prev.files.size !== this.files.size || prev.others.length !== this.others.length) return;
    for (let i = 0; i < this.others.length; i++) if (prev.others[i].path !== this.others[i].path || prev.others[i].text !== this.others[i].text) return;
    for (const path of this.files.keys()) if (!prev.files.has(path)) return;
    // Certificates made by scripts (kubectl create secret tls) are new objects every run: no reuse.
    if (pkiModel(this).secrets.length) return;
    const swaps = new Map<Manifest, Manifest>();
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      if (swaps.size >= 64 || indexIdentity(a[i]) !== indexIdentity(b[i]) || SCOPE_FILE.test(b[i].file.path)) return;
      swaps.set(a[i], b[i]);
    }
    this.inherited = { from: prev, swaps };
    // prev's own predecessor is done with: without this cut every workspace of a run of edits
    // kept the one before it alive (its objects, memos and the documents swapped out), so the
    // server's heap grew with each edit and its garbage collections with it.
    prev.inherited = undefined;
    this.relations = prev.relations;
    for (const [was, now] of swaps) replacedBy.set(was, now);
  }

  /**
   * Moves an index of the previous run here, swapping the re-parsed objects in place (their keys
   * are the same: `reuseIndexes`). The previous workspace is done with: a run that still uses it
   * (stopped by a newer edit) builds its own again.
   */
  private takeOver<K extends 'index' | 'byName'>(which: K): Workspace[K] | undefined {
    const from = this.inherited?.from;
    const moved = from?.[which];
    if (!from || !moved) return undefined;
    from[which] = undefined;
    for (const [was, now] of this.inherited!.swaps) {
      for (const [map, key] of indexEntries(now, which)) {
        const list = (map === undefined ? moved as Map<string, Manifest[]> : (moved as NonNullable<Workspace['index']>)[map]).get(key);
        const at = list ? list.indexOf(was) : -1;
        if (at >= 0) list![at] = now;
      }
    }
    return moved;
  }

  ofKind(...kinds: string[]): Manifest[] {
    if (kinds.length === 1) return this.byKind.get(kinds[0]) ?? EMPTY;
    return kinds.flatMap((k) => this.byKind.get(k) ?? []);
  }

  byName?: Map<string, Manifest[]>;

  find(kind: string, name: string, namespace?: string): Manifest | undefined {
    return this.findKey(`${kind}/${name}`, namespace);
  }

  /** `find` by a precomputed `Kind/name` key. */
  findKey(key: string, namespace?: string): Manifest | undefined {
    if (!this.byName) this.byName = this.takeOver('byName');
    if (!this.byName) {
      this.byName = new Map();
      for (const m of this.manifests) { const k = summaryOf(m).nameKey; if (k) push(this.byName, k, m); }
    }
    const list = this.byName.get(key);
    if (!list) return undefined;
    if (namespace === undefined) return list[0];
    for (const m of list) if (m.namespace === namespace) return m;
    return undefined;
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
    for (const w of this.ofKind(...WORKLOAD_KINDS)) for (const mt of summaryOf(w).mounts!) out.push(mt);
    this.mountCache = out;
    return out;
  }

  private idx() {
    if (this.index) return this.index;
    // Certificates made by scripts are new objects every run: with any, the indexes are built anew.
    const scripted = scriptCertificates(pkiModel(this));
    if (!scripted.length) {
      const moved = this.takeOver('index');
      if (moved) return (this.index = moved);
    }
    const servicesBySelector = new Map<string, Manifest[]>();
    const servicesByName = new Map<string, Manifest[]>();
    for (const svc of this.ofKind('Service')) {
      if (svc.partial || !svc.namespace) continue;
      const key = summaryOf(svc).selectorKey;
      if (key) push(servicesBySelector, key, svc);
      if (svc.name) { const [plain, inNs] = indexKeys(svc, () => [svc.name!, `${svc.name}\u0000${svc.namespace}`]); push(servicesByName, plain, svc), push(servicesByName, inNs, svc); }
    }
    const certsBySecret = new Map<string, Manifest[]>();
    const wholeCertsBySecret = new Map<string, Manifest[]>();
    // Certificates openssl makes in scripts for `kubectl create secret tls` count like cert-manager's (script-certs.ts).
    for (const c of scripted.length ? [...this.ofKind('Certificate'), ...scripted] : this.ofKind('Certificate')) {
      const sn = summaryOf(c).secretName;
      if (!sn) continue;
      const [exact, any] = indexKeys(c, () => [`${c.namespace}/${sn}`, `*/${sn}`]);
      push(certsBySecret, exact, c), push(certsBySecret, any, c);
      if (!c.partial) push(wholeCertsBySecret, exact, c), push(wholeCertsBySecret, any, c);
    }
    const secretsByName = new Map<string, Manifest[]>();
    for (const sec of this.ofKind('Secret')) if (sec.name) { const [exact, any] = indexKeys(sec, () => [`${sec.namespace}/${sec.name}`, `*/${sec.name}`]); push(secretsByName, exact, sec), push(secretsByName, any, sec); }
    this.index = { servicesBySelector, servicesByName, certsBySecret, wholeCertsBySecret, secretsByName };
    return this.index;
  }

  /** Services in the workload's namespace and scope whose selector matches its pod labels. */
  servicesOf(w: Manifest): Manifest[] {
    const hit = this.servicesCache.get(w);
    if (hit) return hit;
    const sum = summaryOf(w);
    const labels = sum.labels ?? new Map<string, string>();
    let out = EMPTY;
    const index = this.idx().servicesBySelector;
    for (const key of sum.labelKeys ?? []) {
      // Services in the workload's scope only (README "Scopes"): by an index, not a scan of every team's.
      for (const svc of this.scopeCandidates(w.file, index.get(key) ?? EMPTY)) {
        let ok = true;
        for (const [sk, sv] of summaryOf(svc).selector!) if (labels.get(sk) !== sv) { ok = false; break; }
        if (ok && !out.includes(svc)) out = out === EMPTY ? [svc] : (out.push(svc), out);
      }
    }
    this.servicesCache.set(w, out);
    return out;
  }

  /** Certificates (whole objects) writing the Secret with this `namespace/secretName` key (`*` for any namespace). */
  certificatesForKey(key: string): Manifest[] {
    return this.idx().wholeCertsBySecret.get(key) ?? EMPTY;
  }

  /** The Services that a host name refers to (S, S.N, S.N.svc, S.N.svc.cluster.local), given the caller's namespace. */
  servicesForHost(host: string, callerNamespace?: string): Manifest[] {
    const parts = host.toLowerCase().split('.');
    const svc = parts[0];
    let ns: string | undefined;
    if (parts.length === 1) ns = callerNamespace;
    else if (parts.length === 2 || (parts.length >= 3 && parts[2] === 'svc')) ns = parts[1];
    else return EMPTY;
    if (parts.length > 3 && parts.slice(2).join('.') !== 'svc.cluster.local') return EMPTY;
    // Stable lists (one per name, one per name and namespace): scopeCandidates indexes each once.
    return (ns === undefined ? this.idx().servicesByName.get(svc) : this.idx().servicesByName.get(`${svc}\u0000${ns}`)) ?? EMPTY;
  }

  /** Secrets that a Certificate (spec.secretName) or a Secret object produces. */
  producers(secretName: string, namespace: string | undefined): Manifest[] {
    return this.producersForKey(`${namespace ?? '*'}/${secretName}`);
  }

  /** `producers` by a precomputed `namespace/secretName` key. */
  producersForKey(key: string): Manifest[] {
    const certs = this.idx().certsBySecret.get(key);
    const secrets = this.idx().secretsByName.get(key);
    return certs && secrets ? [...certs, ...secrets] : certs ?? secrets ?? EMPTY;
  }

  // ---- scopes -----------------------------------------------------------------------------

  /**
   * Closed scopes by file path: every kustomization (kustomization.yaml, following resources,
   * components and bases into other folders) and every Helm chart (the outermost folder with a
   * Chart.yaml, and everything below it).
   */
  private closed(): Map<string, string[]> {
    if (this.closedScopes) return this.closedScopes;
    const out = new Map<string, string[]>();
    const paths = [...this.files.keys(), ...this.others.map((o) => o.path)];
    const norm = new Map(paths.map((p) => [p.replace(/\\/g, '/'), p]));
    const charts = new Set<string>();
    const kustomizations = new Map<string, Node | undefined>();
    for (const [n, p] of norm) {
      const base = n.slice(n.lastIndexOf('/') + 1);
      if (base === 'Chart.yaml' || base === 'Chart.yml') charts.add(dirOf(n));
      else if (/^kustomization\.ya?ml$/i.test(base)) kustomizations.set(dirOf(n), this.files.get(p)?.manifests[0]?.root);
    }
    const add = (path: string, id: string) => { const list = out.get(path); if (!list) out.set(path, [id]); else if (!list.includes(id)) list.push(id); };
    if (charts.size) {
      for (const [n, p] of norm) {
        const chart = ancestorsOf(dirOf(n)).reverse().find((d) => charts.has(d));
        if (chart !== undefined) add(p, `helm:${chart}`);
      }
    }
    if (kustomizations.size) {
      const sorted = [...norm.keys()].sort();
      /** Files under a folder (a binary search in the sorted paths: no scan of the workspace per entry). */
      const under = (dir: string): string[] => {
        let lo = 0, hi = sorted.length;
        while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid] < dir) lo = mid + 1; else hi = mid; }
        const res: string[] = [];
        for (let i = lo; i < sorted.length && sorted[i].startsWith(dir); i++) res.push(sorted[i]);
        return res;
      };
      const closures = new Map<string, Set<string>>();
      const closure = (dir: string): Set<string> => {
        const known = closures.get(dir);
        if (known) return known;
        const set = new Set<string>();
        closures.set(dir, set); // cycles end here
        for (const k of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) if (norm.has(dir + k)) set.add(dir + k);
        for (const e of kustomizationEntries(kustomizations.get(dir))) {
          const target = normalizePath(dir + e);
          if (norm.has(target)) { set.add(target); continue; }
          const sub = target.endsWith('/') ? target : target + '/';
          if (kustomizations.has(sub)) for (const f of closure(sub)) set.add(f);
          else for (const f of under(sub)) set.add(f); // a folder without a kustomization: its files
        }
        return set;
      };
      for (const dir of kustomizations.keys()) for (const f of closure(dir)) add(norm.get(f)!, `kustomize:${dir}`);
    }
    this.closedScopes = out;
    return out;
  }

  private scopeOf(path: string): FileScope {
    let s = this.scopes.get(path);
    if (!s) {
      const dir = dirOf(path);
      s = { dir, ancestors: ancestorsOf(dir), closed: this.closed().get(path) ?? [] };
      this.scopes.set(path, s);
    }
    return s;
  }

  /**
   * Whether an object in file `from` may relate to one in file `to`: when `from` is in a
   * kustomization or chart, only if `to` is in one of them too; otherwise yes (then the
   * nearest folder decides among several, see `scopeCandidates`).
   */
  inScope(from: { path: string }, to: { path: string }): boolean {
    const sa = this.scopeOf(from.path).closed;
    if (!sa.length) return true;
    const sb = this.scopeOf(to.path).closed;
    return sa.some((x) => sb.includes(x));
  }

  /**
   * The candidates that can meet `from` in one cluster: for a file in a kustomization or Helm
   * chart, those in one of them too; for a file in neither, those in the nearest folder above it
   * that holds any. Linear in the candidates (times the folder depth).
   */
  scopeCandidates<T extends Manifest | { path: string }>(from: { path: string }, candidates: readonly T[]): T[] {
    if (!candidates.length) return candidates as T[];
    const fromScope = this.scopeOf(from.path);
    if (fromScope.closed.length) return candidates.filter((c) => this.inScope(from, { path: pathOfCandidate(c) }));
    if (candidates.length === 1) return candidates as T[];
    // The nearest folder above `from` holding any: by an index of the candidates by every folder
    // above them, built once per candidate list (lookups are then one map read per level).
    let near = this.nearIndex.get(candidates);
    if (!near) {
      near = new Map();
      for (const c of candidates) for (const a of this.scopeOf(pathOfCandidate(c)).ancestors) push(near, a, c);
      this.nearIndex.set(candidates, near);
    }
    for (const a of fromScope.ancestors) {
      const hit = near.get(a);
      if (hit) return hit as T[];
    }
    return candidates as T[];
  }

  /** The manifests (whole, named) with this `Kind/name` key. */
  named(key: string): Manifest[] {
    this.findKey(key);
    return this.byName!.get(key) ?? EMPTY;
  }

  // ---- positions --------------------------------------------------------------------------

  /** 0-based line/column of a range in a file of this workspace (a line index per file, built once). */
  positions(path: string, start: number, end: number): Positions {
    let index = this.lineIndexes.get(path);
    if (!index) {
      const parsed = this.files.get(path);
      // A parsed file keeps its index while it is reused unchanged (re-lints build one per edited file).
      index = parsed && lineIndexCache.get(parsed);
      if (!index) {
        this.othersByPath ??= new Map(this.others.map((o) => [o.path, o.text]));
        index = parsed ? linesOf(parsed) : new LineIndex(this.othersByPath.get(path) ?? '');
        if (parsed) lineIndexCache.set(parsed, index);
      }
      this.lineIndexes.set(path, index);
    }
    const a = index.position(start), b = end === start ? a : index.position(end);
    return { line: a.line, column: a.character, endLine: b.line, endColumn: b.character };
  }

  /** Gives findings their positions and related locations (offsets read now, see RelatedRef). */
  resolve(findings: LintFinding[], extra?: Map<LintFinding, RelatedRef[]>): void {
    for (const f of findings) {
      Object.assign(f, this.positions(f.file, f.start, f.end));
      const own = relatedRefs.get(f), more = extra?.get(f);
      const refs = own && more ? [...own, ...more] : own ?? more;
      if (!refs) { if (f.related) delete f.related; continue; }
      f.related = refs.map((r) => {
        const [start, end] = r.node ? range(r.node) : [r.start ?? 0, r.end ?? r.start ?? 0];
        return { file: r.file.path, start, end, ...this.positions(r.file.path, start, end), message: r.message };
      });
    }
  }

  /** `https://host[:port]` URLs in non-YAML files (code, scripts); workloads' env URLs: `urlOf`. */
  codeUrls(): DialedUrl[] {
    const out: DialedUrl[] = [];
    for (const f of this.others) {
      if (!/\.(go|py|js|ts|mjs|cjs|jsx|tsx|sh|bash|java|rs|rb|env)$/i.test(f.path) && !/(^|\/)\.env/.test(f.path)) continue;
      for (const m of f.text.matchAll(URL_RE)) {
        out.push({ file: f, host: m[1], port: m[2], url: m[0], start: m.index!, end: m.index! + m[0].length });
      }
    }
    return out;
  }
}

/** A workload's k-th `https://` env URL, at its current position. */
export function urlOf(w: Manifest, k: number): DialedUrl {
  const u = summaryOf(w).urls![k];
  const at = valueOffsetMapper(w.file, u.node);
  return { file: w.file, host: u.host, port: u.port, url: u.url, start: at(u.at), end: at(u.at + u.url.length) };
}

function keysOf(itemsNode: Node | undefined): Array<{ key: string; node: Node }> {
  return items(itemsNode).flatMap((it) => {
    const k = get(it, 'key');
    return str(k) ? [{ key: str(k)!, node: k! }] : [];
  });
}

function pathOfCandidate(c: Manifest | { path: string }): string {
  return 'root' in c ? c.file.path : c.path;
}

/**
 * The index keys of an object, made once per object and kept while its document is reused
 * (g18: a re-lint after a one-line edit rebuilds the indexes; the same key strings, already
 * hashed, make that a fraction of building them from new concatenations).
 */
/** What decides where an object sits in the workspace's indexes (see `reuseIndexes`). */
function indexIdentity(m: Manifest): string {
  const s = summaryOf(m);
  return `${m.kind}\u0000${m.name}\u0000${m.namespace}\u0000${m.partial}\u0000${m.apiVersion}\u0000${s.nameKey}\u0000${s.selectorKey}\u0000${s.secretName}`;
}

/** Files that decide scopes (an edit there can change which objects meet). */
export const SCOPE_FILE = /(^|[/\\])(kustomization\.ya?ml|Kustomization|Chart\.ya?ml)$/i;

/** What replaced a re-parsed object in a later run with the same relations (`Workspace.reuseIndexes`). */
const replacedBy = new WeakMap<Manifest, Manifest>();

/** The object that stands for `m` now (itself, unless re-parsed since with the same relations). */
export function live(m: Manifest): Manifest {
  let now = m;
  for (let next = replacedBy.get(now); next; next = replacedBy.get(now)) now = next;
  if (now !== m && replacedBy.get(m) !== now) replacedBy.set(m, now); // shortens the chain
  return now;
}

/**
 * A value computed from relations only (see `Workspace.relations`), kept per object across runs
 * while the relations stay: `get` answers it (objects in it mapped to their current ones) or
 * computes it once.
 */
export class RelationMemo<T extends Manifest | undefined> {
  private readonly memo = new WeakMap<Manifest, { relations: object; value: T }>();
  get(ws: Workspace, m: Manifest, compute: () => T): T {
    const hit = this.memo.get(m);
    if (hit && hit.relations === ws.relations) return (hit.value && live(hit.value)) as T;
    const value = compute();
    this.memo.set(m, { relations: ws.relations, value });
    return value;
  }
}

/** Where an object sits in one of the indexes: [index name (undefined for byName), key] pairs. */
function indexEntries(m: Manifest, which: 'index' | 'byName'): Array<[keyof NonNullable<Workspace['index']> | undefined, string]> {
  const s = summaryOf(m);
  if (which === 'byName') return s.nameKey ? [[undefined, s.nameKey]] : [];
  const out: Array<[keyof NonNullable<Workspace['index']>, string]> = [];
  if (m.kind === 'Service' && !m.partial && m.namespace) {
    if (s.selectorKey) out.push(['servicesBySelector', s.selectorKey]);
    if (m.name) for (const k of indexKeys(m, () => [m.name!, `${m.name}\u0000${m.namespace}`])) out.push(['servicesByName', k]);
  }
  if (m.kind === 'Certificate' && s.secretName) {
    for (const k of indexKeys(m, () => [`${m.namespace}/${s.secretName}`, `*/${s.secretName}`])) {
      out.push(['certsBySecret', k]);
      if (!m.partial) out.push(['wholeCertsBySecret', k]);
    }
  }
  if (m.kind === 'Secret' && m.name) for (const k of indexKeys(m, () => [`${m.namespace}/${m.name}`, `*/${m.name}`])) out.push(['secretsByName', k]);
  return out;
}

const indexKeyMemo = new WeakMap<Manifest, [string, string]>();
function indexKeys(m: Manifest, make: () => [string, string]): [string, string] {
  let k = indexKeyMemo.get(m);
  if (!k) indexKeyMemo.set(m, (k = make()));
  return k;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
