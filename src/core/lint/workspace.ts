// The index of Kubernetes objects across files, with the relations the cross-file rules need:
// which workloads mount which Secrets, which Services select which workloads, who dials what.
import type { Node } from 'yaml';
import { entries, get, items, kustomizePatches, Manifest, parseFile, ParsedFile, str } from './model';

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

export class Workspace {
  readonly files = new Map<string, ParsedFile>();
  readonly others: Array<{ path: string; text: string }> = [];
  readonly manifests: Manifest[] = [];
  private byKind = new Map<string, Manifest[]>();
  private mountCache?: Mount[];

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
        const parsed = prev && prev.text === f.text && prev.manifests.every((m) => m.partial === partial) ? prev : parseFile(f.path, f.text, patches);
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
    return kinds.flatMap((k) => this.byKind.get(k) ?? []);
  }

  find(kind: string, name: string, namespace?: string): Manifest | undefined {
    return this.ofKind(kind).find((m) => m.name === name && (namespace === undefined || m.namespace === namespace) && !m.partial);
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
    for (const w of this.ofKind(...WORKLOAD_KINDS)) {
      const { spec } = Workspace.podSpec(w);
      for (const vol of items(get(spec, 'volumes'))) {
        const secret = get(vol, 'secret');
        const sn = get(secret, 'secretName');
        if (str(sn)) out.push({ workload: w, secretName: str(sn)!, node: sn!, keys: keysOf(get(secret, 'items')), via: 'secret' });
        for (const src of items(get(vol, 'projected', 'sources'))) {
          const n = get(src, 'secret', 'name');
          if (str(n)) out.push({ workload: w, secretName: str(n)!, node: n!, keys: keysOf(get(src, 'secret', 'items')), via: 'projected' });
        }
      }
    }
    this.mountCache = out;
    return out;
  }

  /** Services in the workload's namespace whose selector matches its pod labels. */
  servicesOf(w: Manifest): Manifest[] {
    const labels = Workspace.labels(Workspace.podSpec(w).labels);
    return this.ofKind('Service').filter((s) => {
      if (s.namespace !== w.namespace || s.partial) return false;
      const sel = Workspace.labels(get(s.root, 'spec', 'selector'));
      if (sel.size === 0) return false;
      for (const [k, v] of sel) if (labels.get(k) !== v) return false;
      return true;
    });
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
    return this.ofKind('Service').find((s) => s.name === svc && (ns === undefined || s.namespace === ns) && !s.partial);
  }

  /** Secrets that a Certificate (spec.secretName) or a Secret object produces. */
  producers(secretName: string, namespace: string | undefined): Manifest[] {
    return [
      ...this.ofKind('Certificate').filter((c) => str(get(c.root, 'spec', 'secretName')) === secretName && (namespace === undefined || c.namespace === namespace)),
      ...this.ofKind('Secret').filter((s) => s.name === secretName && (namespace === undefined || s.namespace === namespace)),
    ];
  }

  /** `https://host[:port]` URLs in manifests' env values and in non-YAML files (code, scripts). */
  dialedUrls(): DialedUrl[] {
    const out: DialedUrl[] = [];
    const re = /https:\/\/([a-z0-9][a-z0-9.-]*[a-z0-9]|[a-z0-9])(?::(\d+))?(?=[/"'`\s?#]|$)/g;
    for (const w of this.ofKind(...WORKLOAD_KINDS)) {
      const { spec } = Workspace.podSpec(w);
      for (const c of [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))]) {
        for (const env of items(get(c, 'env'))) {
          const v = get(env, 'value');
          const text = str(v);
          if (!text || !v?.range) continue;
          const valueStart = v.range[0] + (w.file.text[v.range[0]] === '"' || w.file.text[v.range[0]] === "'" ? 1 : 0);
          for (const m of text.matchAll(re)) {
            out.push({ file: w.file, host: m[1], port: m[2], url: m[0], start: valueStart + m.index!, end: valueStart + m.index! + m[0].length, workload: w });
          }
        }
      }
    }
    for (const f of this.others) {
      if (!/\.(go|py|js|ts|mjs|cjs|jsx|tsx|sh|bash|java|rs|rb|env)$/i.test(f.path) && !/(^|\/)\.env/.test(f.path)) continue;
      for (const m of f.text.matchAll(re)) {
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
