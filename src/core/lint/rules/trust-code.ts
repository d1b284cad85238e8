// End-to-end trust for URLs dialed in code (#17 part 2, lane t17c): an `https://host[:port]` URL
// in a Go, Python or JS/TS file that reaches a workspace Service whose pods serve a certificate
// Certwright follows to its root, and the CA file(s) that program loads (`code-trust.ts`: a
// literal path or an env var read in code). The program runs in the workload that the code file
// links to: among the workloads in the file's scope (as `san-dialed-host` finds the Service a code
// URL reaches: `Workspace.scopeCandidates` from the code file), the one container that mounts the
// loaded path or sets the env var read, and whose image is named after a folder (or the base name)
// of the code file's path (`cmd/orders/main.go` -> `ghcr.io/acme/orders`); none or several: unknown. The path is followed
// through the container's volumeMounts to a Secret/ConfigMap key (`mountedKey`) and its roots
// (`keyRoots`), as for env URLs. `trust-root-missing` is reported on the URL in the code when
// those roots provably lack the server chain's root. Anything not provable is silent.
import type { Node } from 'yaml';
import { dialedWithLoadedCa, goOneClient } from '../code-dial';
import { codeLang, codeTrust, lineBefore, type CaFile, type CaLoad, type CodeLang, type CodeTrust } from '../code-trust';
import { entries, get, isUnknown, items, Manifest, str, valueOffsetMapper } from '../model';
import type { Reporter } from '../rules';
import { certificateLabel } from '../script-certs';
import { relatedRefs, relatedTo, URL_RE, Workspace, WORKLOAD_KINDS, type RelatedRef } from '../workspace';
import { CA_FILE_ENV, describeRoot, keyRoots, listRoots, missingRelated, mountedKey, podSpecOf, untrusted, where, type Root } from './trust-paths';

/** One CA file a container reads, resolved to the key it is mounted from and what that key holds. */
interface Source {
  /** The load in the code (undefined: a CA env var the container sets that the code does not read). */
  load?: CaLoad;
  env?: string;
  envNode?: Node;
  path: string;
  what: string;
  roots: Root[];
  via: Manifest[];
}

/** The workload and container that run a code file, with the CA files the program reads there. */
interface Runner { w: Manifest; c: Node; sources: Source[] }

const FAILS: Record<CodeLang, string> = {
  go: 'Go fails with "tls: failed to verify certificate: x509: certificate signed by unknown authority"',
  python: 'Python fails with "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"',
  node: 'Node fails with a certificate verification error (UNABLE_TO_VERIFY_LEAF_SIGNATURE or UNABLE_TO_GET_ISSUER_CERT_LOCALLY)',
};

/** `trust-root-missing` for URLs in code (called from trust-paths.ts's `trustPathRules`). */
export function codeTrustRootMissing(r: Reporter, ws: Workspace): void {
  let workloads: Manifest[] | undefined;
  for (const f of ws.others) {
    if (!f.text.includes('https://')) continue;
    const ct = codeTrustOf(f.path, f.text);
    if (!ct) continue;
    const urls = codeUrls(f.text, ct);
    if (!urls.length) continue;
    workloads ??= ws.ofKind(...WORKLOAD_KINDS).filter((w) => !w.partial);
    const run = runnerOf(ws, f, ct, workloads);
    if (run) report(r, ws, { file: f, label: f.path, at: (o) => o }, urls, ct, run);
  }
  // Code kept in a ConfigMap (`client.go: |`) and mounted into the container that runs it.
  for (const cm of ws.ofKind('ConfigMap')) {
    if (cm.partial) continue;
    for (const e of entries(get(cm.root, 'data'))) {
      const text = str(e.value);
      if (!text || !e.value || !codeLang(e.key) || !text.includes('https://') || isUnknown(cm.file, e.value)) continue;
      const ct = codeTrust(e.key, text);
      const urls = ct ? codeUrls(text, ct) : [];
      if (!ct || !urls.length) continue;
      workloads ??= ws.ofKind(...WORKLOAD_KINDS).filter((w) => !w.partial);
      const mounting: Array<{ w: Manifest; c: Node; spec: Node | undefined }> = [];
      for (const w of ws.scopeCandidates(cm.file, workloads)) {
        if (w.namespace !== cm.namespace) continue;
        const spec = podSpecOf(w);
        const volumes = new Set(items(get(spec, 'volumes')).filter((v) => str(get(v, 'configMap', 'name')) === cm.name).map((v) => str(get(v, 'name'))));
        if (!volumes.size) continue;
        for (const c of [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))]) {
          if (items(get(c, 'volumeMounts')).some((m) => volumes.has(str(get(m, 'name'))))) mounting.push({ w, c, spec });
        }
      }
      if (mounting.length !== 1) continue;
      const { w, c, spec } = mounting[0];
      const sources = containerSources(ws, w, c, spec, ct).sources;
      const at = valueOffsetMapper(cm.file, e.value);
      if (sources) report(r, ws, { file: cm.file, label: `${e.key} (ConfigMap "${cm.name}")`, at }, urls, ct, { w, c, sources });
    }
  }
}

/**
 * codeTrust per file, kept while its text stays (re-lints after an edit elsewhere do not scan
 * every code file again; the same string is compared by reference first).
 */
const trustMemo = new Map<string, { text: string; value: CodeTrust | undefined }>();
function codeTrustOf(path: string, text: string): CodeTrust | undefined {
  const hit = trustMemo.get(path);
  if (hit && hit.text === text) return hit.value;
  if (trustMemo.size > 20_000) trustMemo.clear();
  const value = codeTrust(path, text);
  trustMemo.set(path, { text, value });
  return value;
}

/** Reports the URLs of one program (a code file, or code in a ConfigMap: `at` maps its offsets to the file's). */
function report(r: Reporter, ws: Workspace, where_: { file: { path: string }; label: string; at: (offset: number) => number }, urls: ReturnType<typeof codeUrls>, ct: CodeTrust, run: Runner): void {
  const { file, label, at } = where_;
  const trusted = run.sources.flatMap((s) => s.roots);
  if (ct.withSystemRoots) trusted.push({ kind: 'public' });
  const fromCode = run.sources.filter((s) => s.load);
  const trust = run.sources.map((s) => `${s.env ? `${s.env}=` : ''}${s.path} (${s.what}: ${listRoots(s.roots)})`).join('; ') + (ct.withSystemRoots ? '; the system roots' : '');
  const clientSide = (): RelatedRef[] => [
    ...fromCode.map((s) => ({ file, start: at(s.load!.start), end: at(s.load!.end), message: `${label}: the program loads ${s.env ? `the file ${s.env} names` : s.path} as its CA` })),
    ...run.sources.flatMap((s) => s.envNode ? [{ file: run.w.file, node: s.envNode, message: `${s.env}: ${s.path}, the CA file the program reads` }] : []),
    relatedTo(run.w, `${where(run.w)}: runs ${label} (its container "${str(get(run.c, 'name')) ?? ''}" mounts the CA file)`),
    ...run.sources.flatMap((s) => s.via.map((v) => relatedTo(v, `${where(v)}: what ${s.path} holds`))),
  ];
  for (const u of urls) {
    const services = ws.scopeCandidates(run.w.file, ws.servicesForHost(u.host, run.w.namespace));
    for (const { svc, cert, roots } of untrusted(ws, services, trusted)) {
      r.at(file, at(u.start), at(u.end), 'trust-root-missing',
        `${u.url} reaches Service "${svc.name}", whose pods serve ${certificateLabel(cert, false)} chaining to ${roots.map(describeRoot).join(' or ')}, but this program (run by ${run.w.kind} "${run.w.name}") trusts only ${trust}: ${FAILS[ct.lang]}. Add that root to the CA file's source (e.g. a trust-manager Bundle source), or issue the server certificate from a CA the client trusts.`);
      relatedRefs.set(r.findings[r.findings.length - 1], missingRelated(cert, roots, clientSide()));
    }
  }
}

/**
 * `https://` URLs in code outside line comments, dialed by a client that uses the CA files the code
 * loads (`code-dial.ts`: not Go's `http.Get`, `requests.get(url)` without verify=, `fetch(url)`...).
 */
function codeUrls(text: string, ct: CodeTrust): Array<{ url: string; host: string; start: number; end: number }> {
  const out: Array<{ url: string; host: string; start: number; end: number }> = [];
  let goOne: boolean | undefined;
  for (const m of text.matchAll(URL_RE)) {
    const line = lineBefore(text, m.index!).trimStart();
    if (/^(\/\/|#|\*|\/\*)/.test(line)) continue;
    goOne ??= ct.lang !== 'go' || goOneClient(text);
    if (!dialedWithLoadedCa(ct.lang, text, m.index!, goOne)) continue;
    out.push({ url: m[0], host: m[1], start: m.index!, end: m.index! + m[0].length });
  }
  return out;
}

/** The path a container gives a CA file: its env value (or the code's fallback), 'unset', or 'unknown'. */
function containerPath(w: Manifest, c: Node, file: CaFile): { path: string; envNode?: Node } | 'unset' | 'unknown' {
  if ('path' in file) return { path: file.path };
  const e = items(get(c, 'env')).find((x) => str(get(x, 'name')) === file.env);
  if (!e) return items(get(c, 'envFrom')).length ? 'unknown' : file.fallback !== undefined ? { path: file.fallback } : 'unset';
  const v = get(e, 'value');
  const path = str(v);
  if (!v || !path || isUnknown(w.file, v) || !path.startsWith('/')) return 'unknown';
  return { path, envNode: v };
}

/** A container's CA file (from the code's load, or a CA env var it sets), resolved to its roots; undefined: not provable. */
function sourceOf(ws: Workspace, w: Manifest, c: Node, spec: Node | undefined, p: { path: string; envNode?: Node }, env: string | undefined, load: CaLoad | undefined): Source | undefined {
  const key = mountedKey(w, c, spec, p.path);
  if (!key) return undefined;
  const k = keyRoots(ws, w.file, key.kind, key.name, key.key, w.namespace);
  if (!k.roots) return undefined;
  return { load, env, envNode: p.envNode, path: p.path, what: `${key.kind} "${key.name}" key ${key.key}`, roots: k.roots, via: k.via };
}

/**
 * The CA files a container gives the program: `plausible` when it mounts a file the code loads or
 * sets an env var it reads; `sources` when every CA file is provable (with the CA env vars the
 * container sets that the code does not read: Go's SSL_CERT_FILE, Node's NODE_EXTRA_CA_CERTS...).
 */
function containerSources(ws: Workspace, w: Manifest, c: Node, spec: Node | undefined, ct: CodeTrust): { plausible: boolean; sources?: Source[] } {
  let plausible = false, known = true;
  const sources: Source[] = [];
  for (const load of ct.loads) {
    const p = containerPath(w, c, load.file);
    if (p === 'unset') { known = false; continue; }
    if (p === 'unknown') { plausible = true; known = false; continue; }
    const s = sourceOf(ws, w, c, spec, p, 'env' in load.file ? load.file.env : undefined, load);
    if (s || p.envNode || mountedKey(w, c, spec, p.path)) plausible = true;
    if (s) sources.push(s); else known = false;
  }
  for (const e of items(get(c, 'env'))) {
    const name = str(get(e, 'name'));
    if (!known || !name || !CA_FILE_ENV.includes(name) || sources.some((s) => s.env === name)) continue;
    const v = get(e, 'value');
    const path = str(v);
    const s = v && path && !isUnknown(w.file, v) ? sourceOf(ws, w, c, spec, { path, envNode: v }, name, undefined) : undefined;
    if (s) sources.push(s); else known = false;
  }
  return { plausible, sources: known ? sources : undefined };
}

/** `orders` for image `ghcr.io/example/orders:2.0.1` (lowercase; undefined when templated). */
function imageName(w: Manifest, c: Node): string | undefined {
  const node = get(c, 'image');
  const image = str(node);
  if (!image || isUnknown(w.file, node)) return undefined;
  const repo = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return repo.slice(repo.lastIndexOf('/') + 1).toLowerCase() || undefined;
}

/**
 * The one container that runs the code, among the workloads in the code file's scope: it mounts a
 * CA file the code loads or sets an env var it reads, and its image is named after the code (the
 * image's repository is a folder of the code's path, as `cmd/orders/main.go` builds
 * `ghcr.io/acme/orders`). Undefined when none or several, or when its CA files are not provable.
 */
function runnerOf(ws: Workspace, f: { path: string }, ct: CodeTrust, workloads: Manifest[]): Runner | undefined {
  const pairs: Array<{ w: Manifest; c: Node; sources?: Source[] }> = [];
  for (const w of ws.scopeCandidates(f, workloads)) {
    const spec = podSpecOf(w);
    for (const c of [...items(get(spec, 'containers')), ...items(get(spec, 'initContainers'))]) {
      const { plausible, sources } = containerSources(ws, w, c, spec, ct);
      if (plausible) pairs.push({ w, c, sources });
    }
  }
  // The one whose image is built from the code: its repository's last segment is a folder of the code's path or its base name.
  const parts = new Set(f.path.toLowerCase().replace(/\.[^./]*$/, '').split('/'));
  const hit = pairs.filter((x) => { const n = imageName(x.w, x.c); return !!n && parts.has(n); });
  if (hit.length !== 1 || !hit[0].sources) return undefined;
  return { w: hit[0].w, c: hit[0].c, sources: hit[0].sources };
}
