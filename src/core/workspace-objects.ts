// One reader of the workspace's Kubernetes objects. Authoring (workload and Service discovery,
// `manifests`, the "Issue certificate for..." code actions), the Cluster view's drift and the
// scaffold read YAML through the lint model's parse (`parseFile`: Helm templates masked, aliases
// resolved without expansion and alias bombs refused, namespaces defaulted for namespaced kinds)
// and its summaries, so every feature sees the same objects as the linter.
import type { Node } from 'yaml';
import type { CertificateSpec } from './cluster/certmanager';
import { LineIndex } from './lines';
import { bool, get, items, Manifest, num, parseFile, ParsedFile, range, str, strings } from './lint/model';
import { summaryOf, Workspace, WORKLOAD_KINDS } from './lint/workspace';

export { WORKLOAD_KINDS };

/** Parses a YAML text with the lint model (never throws: what does not parse has no manifests). */
export function parseYaml(path: string, text: string, prev?: ParsedFile): ParsedFile {
  try {
    return parseFile(path, text, undefined, prev);
  } catch {
    return { ...parseFile(path, ''), text };
  }
}

/** Whether any part of `node` is a template expression (binary search over the sorted spans). */
export function isTemplated(file: ParsedFile, node: Node | undefined): boolean {
  const spans = file.templates;
  if (!node || !spans.length) return false;
  const [s, e0] = range(node);
  const e = Math.max(e0, node.range?.[2] ?? e0, s + 1);
  // The first span ending after s; it overlaps when it starts before e.
  let lo = 0, hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid][1] <= s) lo = mid + 1; else hi = mid;
  }
  return lo < spans.length && spans[lo][0] < e;
}

/**
 * A manifest's identity as every feature uses it: its kind, its name and its namespace as the
 * lint model reads them ("default" for namespaced kinds without one), or undefined when any of
 * them is templated or missing (an object whose identity is unknown is skipped, never guessed).
 */
export function identityOf(m: Manifest): { kind: string; name: string; namespace: string } | undefined {
  if (m.partial || !m.kind || !m.name || m.namespace === undefined) return undefined;
  return { kind: m.kind, name: m.name, namespace: m.namespace };
}

/** Whether the manifest names its namespace (a manifest that does not lands where it is applied). */
export function namespaceWritten(m: Manifest): boolean {
  return get(m.root, 'metadata', 'namespace') !== undefined;
}

/** Pod spec, pod labels and service account of a workload (Deployment, ..., Pod, CronJob). */
export function podOf(m: Manifest): { spec?: Node; labels: Map<string, string>; serviceAccount?: string } {
  const { spec } = Workspace.podSpec(m);
  return { spec, labels: summaryOf(m).labels ?? new Map(), serviceAccount: str(get(spec, 'serviceAccountName')) ?? str(get(spec, 'serviceAccount')) };
}

/** Every env value, arg and command word of a pod's containers and init containers. */
export function containerWords(podSpec: Node | undefined): string[] {
  const words: string[] = [];
  for (const c of [...items(get(podSpec, 'containers')), ...items(get(podSpec, 'initContainers'))]) {
    for (const w of strings(get(c, 'args'))) words.push(w.value);
    for (const w of strings(get(c, 'command'))) words.push(w.value);
    for (const e of items(get(c, 'env'))) { const v = str(get(e, 'value')); if (v !== undefined) words.push(v); }
  }
  return words;
}

/** The lines of a parsed file, built once per parse (binary search per offset). */
const lineIndexes = new WeakMap<ParsedFile, LineIndex>();
export function lineOf(file: ParsedFile, offset: number): number {
  let idx = lineIndexes.get(file);
  if (!idx) { idx = new LineIndex(file.text); lineIndexes.set(file, idx); }
  return idx.position(offset).line;
}

/** Start, end (of the whole node) and 0-based line of a manifest's object. */
export function spanOf(m: Manifest): { start: number; end: number; line: number } {
  const r = m.root.range ?? [0, 0, 0];
  return { start: r[0], end: r[2] ?? r[1], line: lineOf(m.file, r[0]) };
}

export function isCertManagerCertificate(m: Manifest): boolean {
  return m.kind === 'Certificate' && (m.apiVersion ?? '').startsWith('cert-manager.io/');
}

/**
 * A cert-manager Certificate's spec, or undefined when part of it is templated (its values are
 * unknown: comparing them would report differences that are not there).
 */
export function certificateSpecOf(m: Manifest): CertificateSpec | undefined {
  const spec = get(m.root, 'spec');
  if (isTemplated(m.file, spec)) return undefined;
  const list = (k: string) => (get(spec, k) ? strings(get(spec, k)).map((s) => s.value) : undefined);
  const out: CertificateSpec = {};
  const set = <K extends keyof CertificateSpec>(k: K, v: CertificateSpec[K] | undefined) => { if (v !== undefined) out[k] = v; };
  set('secretName', str(get(spec, 'secretName')));
  set('commonName', str(get(spec, 'commonName')));
  for (const k of ['dnsNames', 'ipAddresses', 'uris', 'emailAddresses', 'usages'] as const) set(k, list(k));
  set('duration', str(get(spec, 'duration')));
  set('renewBefore', str(get(spec, 'renewBefore')));
  set('isCA', bool(get(spec, 'isCA')));
  const ref = get(spec, 'issuerRef');
  if (ref) out.issuerRef = { name: str(get(ref, 'name')), kind: str(get(ref, 'kind')), group: str(get(ref, 'group')) };
  const pk = get(spec, 'privateKey');
  if (pk) out.privateKey = { algorithm: str(get(pk, 'algorithm')), size: num(get(pk, 'size')) };
  return out;
}
