// The YAML document model with source ranges: every file is parsed once into documents whose
// nodes keep exact offsets; Helm template expressions are masked first (same length), so
// templated files parse and their templated values count as unknown, never wrong.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseAllDocuments, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Severity } from '../diagnostics';

export interface TextEdit { file: string; start: number; end: number; newText: string }
export interface Fix { title: string; edits: TextEdit[] }

export interface LintFinding {
  file: string;
  start: number;
  end: number;
  severity: Severity;
  code: string;
  message: string;
  fixes?: Fix[];
}

export interface Manifest {
  file: ParsedFile;
  docIndex: number;
  doc: Document.Parsed;
  root: YAMLMap;
  apiVersion?: string;
  kind?: string;
  name?: string;
  /** metadata.namespace, or "default" for namespaced kinds without one (undefined when templated). */
  namespace?: string;
  /** A kustomize patch or otherwise partial object: only value-level rules apply. */
  partial: boolean;
}

export interface ParsedFile {
  path: string;
  text: string;
  /** Ranges of `{{ ... }}` template expressions. */
  templates: Array<[number, number]>;
  manifests: Manifest[];
  /** YAML syntax errors (one per broken document), already as findings. */
  syntax: LintFinding[];
  lines: LineCounter;
}

const MAX_ALIAS_COUNT = 100;

/** Masks Helm/Go template expressions with same-length text so YAML parses and offsets hold. */
export function maskTemplates(text: string): { masked: string; spans: Array<[number, number]> } {
  if (!text.includes('{{')) return { masked: text, spans: [] };
  const spans: Array<[number, number]> = [];
  const re = /\{\{[\s\S]*?\}\}/g;
  let out = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const s = m.index, e = s + m[0].length;
    spans.push([s, e]);
    const lineStart = text.lastIndexOf('\n', s - 1) + 1;
    let lineEnd = text.indexOf('\n', e);
    if (lineEnd < 0) lineEnd = text.length;
    const before = text.slice(lineStart, s);
    const after = text.slice(e, lineEnd);
    const alone = /^\s*$/.test(before) && /^\s*(?:\{\{[\s\S]*?\}\}\s*)*$/.test(after);
    out += text.slice(last, s);
    const body = m[0].replace(/[^\n]/g, ' ');
    // A line holding only template actions becomes a comment; inline expressions a plain scalar.
    out += alone ? '#' + body.slice(1) : 'x' + body.slice(1).replace(/ /g, 'x');
    last = e;
  }
  out += text.slice(last);
  return { masked: out, spans };
}

export function parseFile(path: string, text: string, partialPaths: Set<string> = new Set()): ParsedFile {
  const { masked, spans } = maskTemplates(text);
  const lines = new LineCounter();
  const file: ParsedFile = { path, text, templates: spans, manifests: [], syntax: [], lines };
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(masked, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, maxAliasCount: MAX_ALIAS_COUNT } as never);
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    file.syntax.push({ file: path, start: 0, end: Math.min(text.length, 1), severity: 'error', code: 'yaml-syntax', message: `YAML cannot be parsed: ${(e as Error).message}` });
    return file;
  }
  const patchFile = partialPaths.has(path);
  docs.forEach((doc, docIndex) => {
    const fatal = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
    if (fatal.length) {
      const e = fatal[0];
      const [s, en] = e.pos;
      const inTemplate = spans.length > 0;
      if (!inTemplate) {
        file.syntax.push({ file: path, start: s, end: Math.max(en, s + 1), severity: 'error', code: 'yaml-syntax', message: `YAML syntax error: ${e.message.split('\n')[0]}` });
      }
      return;
    }
    for (const e of doc.errors) {
      file.syntax.push({ file: path, start: e.pos[0], end: e.pos[1], severity: 'error', code: 'yaml-syntax', message: `YAML: ${e.message.split('\n')[0]}: the later value silently wins` });
    }
    const root = doc.contents;
    if (!isMap(root)) return;
    const m: Manifest = { file, docIndex, doc, root, partial: patchFile };
    m.apiVersion = known(file, str(get(root, 'apiVersion')), get(root, 'apiVersion'));
    m.kind = known(file, str(get(root, 'kind')), get(root, 'kind'));
    const md = get(root, 'metadata');
    m.name = known(file, str(get(md, 'name')), get(md, 'name'));
    const nsNode = get(md, 'namespace');
    if (nsNode) m.namespace = known(file, str(nsNode), nsNode);
    else if (!CLUSTER_SCOPED.has(m.kind ?? '')) m.namespace = 'default';
    // An object without spec fields it must have is a patch when it sits in a kustomize overlay.
    file.manifests.push(m);
  });
  return file;
}

const CLUSTER_SCOPED = new Set(['ClusterIssuer', 'Namespace', 'ClusterSPIFFEID', 'ClusterStaticEntry', 'ClusterFederatedTrustDomain', 'Bundle', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

function known(file: ParsedFile, value: string | undefined, node: Node | undefined): string | undefined {
  if (value === undefined || !node) return value;
  return isUnknown(file, node) ? undefined : value;
}

// ---- node helpers -------------------------------------------------------------------------

/** Follows map keys and sequence indexes; resolves aliases. */
export function get(node: unknown, ...path: Array<string | number>): Node | undefined {
  let cur = node as Node | undefined;
  for (const k of path) {
    if (!cur) return undefined;
    if (isAlias(cur)) cur = undefined; // aliases are resolved by the caller's document when needed
    if (typeof k === 'number') {
      if (!isSeq(cur)) return undefined;
      cur = (cur as YAMLSeq).items[k] as Node | undefined;
    } else {
      if (!isMap(cur)) return undefined;
      const pair = (cur as YAMLMap).items.find((p) => isScalar(p.key) && String((p.key as Scalar).value) === k);
      cur = pair?.value as Node | undefined;
    }
  }
  return cur ?? undefined;
}

/** The key node of `key` in a map (for pointing at a field). */
export function keyNode(map: unknown, key: string): Node | undefined {
  if (!isMap(map)) return undefined;
  const pair = (map as YAMLMap).items.find((p) => isScalar(p.key) && String((p.key as Scalar).value) === key);
  return pair?.key as Node | undefined;
}

export function has(map: unknown, key: string): boolean {
  return keyNode(map, key) !== undefined;
}

export function str(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function num(node: unknown): number | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  return typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

export function bool(node: unknown): boolean | undefined {
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  return typeof v === 'boolean' ? v : undefined;
}

export function items(node: unknown): Node[] {
  return isSeq(node) ? ((node as YAMLSeq).items as Node[]) : [];
}

export function entries(node: unknown): Array<{ key: string; keyNode: Node; value: Node | undefined }> {
  if (!isMap(node)) return [];
  return (node as YAMLMap).items
    .filter((p) => isPair(p) && isScalar(p.key))
    .map((p) => ({ key: String((p.key as Scalar).value), keyNode: p.key as Node, value: (p.value ?? undefined) as Node | undefined }));
}

export function strings(node: unknown): Array<{ value: string; node: Node }> {
  return items(node).flatMap((n) => (str(n) !== undefined ? [{ value: str(n)!, node: n }] : []));
}

export function range(node: Node | undefined | null): [number, number] {
  const r = node?.range;
  if (!r) return [0, 0];
  return [r[0], Math.max(r[1], r[0])];
}

/** True when the node's text overlaps a template expression. */
export function isUnknown(file: ParsedFile, node: Node | undefined): boolean {
  if (!node || !file.templates.length) return false;
  const [s, e] = range(node);
  return file.templates.some(([a, b]) => a < Math.max(e, s + 1) && b > s);
}

/** 1-based line/column of an offset. */
export function lineCol(file: ParsedFile, offset: number): { line: number; col: number } {
  const p = file.lines.linePos(offset);
  return { line: p.line, col: p.col };
}

/** Whether a file looks like Kubernetes YAML at all (by name). */
export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Paths (as given) of files that kustomization files list as patches. */
export function kustomizePatches(files: Array<{ path: string; text: string }>): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    if (!/(^|\/)kustomization\.ya?ml$/i.test(f.path)) continue;
    const dir = f.path.slice(0, f.path.lastIndexOf('/') + 1);
    let docs: Document.Parsed[] = [];
    try {
      docs = parseAllDocuments(maskTemplates(f.text).masked) as Document.Parsed[];
    } catch {
      continue;
    }
    for (const doc of Array.isArray(docs) ? docs : []) {
      const root = doc.contents;
      for (const key of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
        for (const it of items(get(root, key))) {
          const p = str(it) ?? str(get(it, 'path'));
          if (p && !p.includes('\n')) out.add(normalize(dir + p));
        }
      }
    }
  }
  return out;
}

function normalize(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return (p.startsWith('/') ? '/' : '') + parts.join('/');
}
