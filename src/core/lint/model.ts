// The YAML document model with source ranges: every file is parsed once into documents whose
// nodes keep exact offsets; Helm template expressions are masked first (same length), so
// templated files parse and their templated values count as unknown, never wrong.
import { Document, isAlias, isMap, isPair, isScalar, isSeq, Node, parseAllDocuments, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Severity } from '../diagnostics';

export interface TextEdit { file: string; start: number; end: number; newText: string }
export interface Fix { title: string; edits: TextEdit[] }

export interface LintFinding {
  file: string;
  /** Offsets (UTF-16 code units) into the file's text. */
  start: number;
  end: number;
  /**
   * 0-based line and column (UTF-16 code units, as in VS Code and LSP) of start and end; set on
   * every finding `lintWorkspace` returns (the CLI prints them 1-based).
   */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity: Severity;
  code: string;
  message: string;
  fixes?: Fix[];
  /** The other objects a cross-file finding relates (the Service, the issuer, copies of the object). */
  related?: Array<{ file: string; start: number; end: number; line: number; column: number; endLine: number; endColumn: number; message: string }>;
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
  /** The masked text and its parsed chunks in order, for re-parsing only what an edit touched. */
  masked: string;
  order: ChunkEntry[];
}

interface ChunkEntry {
  base: number;
  docs: Document.Parsed[];
  text: string;
  /** Every source range in `docs` (node ranges, error positions): moved together when reused. */
  ranges: number[][];
}

const MAX_ALIAS_COUNT = 100;

/**
 * Masks Helm/Go template expressions with same-length text so YAML parses and offsets hold.
 * Linear in the text (hostile input: thousands of actions on one line, unclosed `{{`).
 */
export function maskTemplates(text: string): { masked: string; spans: Array<[number, number]> } {
  if (!text.includes('{{')) return { masked: text, spans: [] };
  const spans: Array<[number, number]> = [];
  for (let i = 0; ; ) {
    const s = text.indexOf('{{', i);
    if (s < 0) break;
    const e = text.indexOf('}}', s + 2);
    if (e < 0) break; // nothing closes any more: the rest is plain text
    spans.push([s, e + 2]);
    i = e + 2;
  }
  // Spans that are alone on their line (only white space around) become comments.
  const alone = new Array<boolean>(spans.length).fill(false);
  // Line boundaries are found with forward-only pointers: each character is examined a bounded
  // number of times however many actions share a line.
  let lineStart = 0;
  let nextNl = text.indexOf('\n');
  let endNl = nextNl;
  let prevLineOfGroup = -1;
  for (let g = 0; g < spans.length; ) {
    const [s] = spans[g];
    while (nextNl !== -1 && nextNl < s) { lineStart = nextNl + 1; nextNl = text.indexOf('\n', lineStart); }
    let h = g;
    while (h + 1 < spans.length && /^[ \t]*$/.test(text.slice(spans[h][1], spans[h + 1][0]))) h++;
    const lastEnd = spans[h][1];
    while (endNl !== -1 && endNl < lastEnd) endNl = text.indexOf('\n', endNl + 1);
    const lineEnd = endNl < 0 ? text.length : endNl;
    // A second group on the same line is never alone: text separates it from the first.
    const ok = prevLineOfGroup !== lineStart && /^[ \t]*$/.test(text.slice(lineStart, s)) && /^[ \t\r]*$/.test(text.slice(lastEnd, lineEnd));
    prevLineOfGroup = lineStart;
    for (let k = g; k <= h; k++) alone[k] = ok;
    g = h + 1;
  }
  let out = '';
  let last = 0;
  spans.forEach(([s, e], k) => {
    out += text.slice(last, s);
    const body = text.slice(s, e).replace(/[^\n]/g, ' ');
    out += alone[k] ? '#' + body.slice(1) : 'x' + body.slice(1).replace(/ /g, 'x');
    last = e;
  });
  out += text.slice(last);
  return { masked: out, spans };
}

/** Splits YAML text at document markers (`---` at column 0), keeping each marker with its document. */
export function splitDocuments(text: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index === 0) continue;
    out.push({ start: last, text: text.slice(last, m.index) });
    last = m.index;
  }
  out.push({ start: last, text: text.slice(last) });
  return out;
}

/** Nodes nested deeper than this are not walked (hostile input); the parser refuses worse. */
const MAX_WALK_DEPTH = 200;

/** Calls `visit` on the children of a collection node: its items, or each pair's key and value. */
function forChildren(n: unknown, visit: (child: unknown) => void): void {
  const items = (n as { items?: unknown[] }).items;
  if (!Array.isArray(items)) return;
  for (const it of items) {
    if (isPair(it)) { visit(it.key); visit(it.value); } else visit(it);
  }
}

/**
 * The source ranges of a parsed document (node ranges [start, valueEnd, nodeEnd] and error
 * positions), with its aliases linked to their anchors: one walk of the document.
 */
function rangesOf(doc: Document.Parsed, out: number[][]): void {
  const anchors = new Map<string, Node>();
  const dangling: Node[] = [];
  let aliases = 0;
  const walk = (n: unknown, depth: number): void => {
    if (!n || typeof n !== 'object' || depth > MAX_WALK_DEPTH) return;
    const range = (n as { range?: number[] }).range;
    if (range) out.push(range);
    if (isAlias(n)) {
      aliases++;
      const target = anchors.get((n as { source: string }).source);
      if (target) aliasTargets.set(n, target);
      else dangling.push(n as unknown as Node);
      return;
    }
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, n as Node);
    forChildren(n, (c) => walk(c, depth + 1));
  };
  if (doc.range) out.push(doc.range as unknown as number[]);
  walk(doc.contents, 0);
  for (const e of doc.errors) out.push(e.pos);
  for (const w of doc.warnings) out.push(w.pos);
  if (dangling.length) danglingAliases.set(doc, dangling);
  // Without aliases nothing expands (the document is no larger than its text): no count needed.
  if (aliases) {
    const bomb = expansionOf(doc);
    if (bomb) aliasBombs.set(doc, bomb);
  }
}

/** Moves ranges by `delta` (documents reused after an edit above them): one flat loop. */
function shiftRanges(ranges: number[][], delta: number): void {
  if (!delta) return;
  for (const r of ranges) {
    r[0] += delta;
    r[1] += delta;
    if (r.length > 2) r[2] += delta;
  }
}

/** Deeper flow nesting than this is refused before parsing (no Kubernetes object comes close). */
const MAX_FLOW_DEPTH = 64;

/**
 * The deepest nesting of flow collections (`[`, `{`) outside quotes and comments. The `yaml`
 * parser slows down badly (and recurses) on thousands of levels, so such text is not parsed.
 */
export function flowDepth(text: string): number {
  let depth = 0, max = 0, quote = 0, comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (comment) { if (c === 10) comment = false; continue; }
    if (quote) {
      if (c === 92 && quote === 34) i++; // backslash escape in "..."
      else if (c === quote) quote = 0;
      else if (c === 10 && depth === 0) quote = 0; // a stray quote in a plain scalar
      continue;
    }
    if (c === 91 || c === 123) { if (++depth > max) max = depth; }
    else if (c === 93 || c === 125) { if (depth > 0) depth--; }
    else if ((c === 34 || c === 39) && (i === 0 || /[\s,[{:]/.test(text[i - 1]))) quote = c;
    else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 10)) comment = true;
  }
  return max;
}

function parseChunk(text: string, base: number): ChunkEntry {
  const depth = flowDepth(text);
  if (depth > MAX_FLOW_DEPTH) throw new Error(`flow collections ([...], {...}) are nested ${depth} levels deep; no Kubernetes object nests that deep, so this document is not linted`);
  // Broken text makes the parser create an error object per problem; their stack traces (which
  // nobody reads) cost more than the parse, so none are captured meanwhile.
  const E = Error as { stackTraceLimit?: number };
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = 0;
  let parsed: unknown;
  try {
    parsed = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true, maxAliasCount: MAX_ALIAS_COUNT } as never);
  } finally {
    E.stackTraceLimit = limit;
  }
  const docs = Array.isArray(parsed) ? (parsed as Document.Parsed[]) : [];
  const ranges: number[][] = [];
  for (const d of docs) rangesOf(d, ranges);
  shiftRanges(ranges, base);
  return { base, docs, text, ranges };
}

/** Alias node -> the node its anchor names (document order, as YAML defines it). */
const aliasTargets = new WeakMap<object, Node>();
/** Aliases whose anchor does not exist (an unquoted value starting with `*`, usually). */
const danglingAliases = new WeakMap<Document.Parsed, Node[]>();

/** kubectl (go-yaml) refuses documents whose aliases expand this much ("excessive aliasing"). */
const MAX_EXPANDED_NODES = 1_000_000;
/** Documents whose aliases expand past MAX_EXPANDED_NODES: the alias that expands most, and to how much. */
const aliasBombs = new WeakMap<Document.Parsed, { alias: Node; size: number }>();

/**
 * How many nodes the document would have with every alias expanded (a "billion laughs" has a
 * billion), counted once per node (linear time); reports the worst alias when over the limit.
 */
function expansionOf(doc: Document.Parsed): { alias: Node; size: number } | undefined {
  const sizes = new Map<object, number>();
  let worst: { alias: Node; size: number } | undefined;
  const size = (n: unknown, depth: number): number => {
    if (!n || typeof n !== 'object' || depth > MAX_WALK_DEPTH) return 1;
    const known = sizes.get(n);
    if (known !== undefined) return known;
    sizes.set(n, 1); // cycles count once
    let total = 1;
    if (isAlias(n)) {
      const target = aliasTargets.get(n);
      total = target ? size(target, depth + 1) : 1;
      if (!worst || total > worst.size) worst = { alias: n as unknown as Node, size: total };
    } else {
      forChildren(n, (c) => { total += size(c, depth + 1); });
    }
    total = Math.min(total, Number.MAX_SAFE_INTEGER);
    sizes.set(n, total);
    return total;
  };
  const all = size(doc.contents, 0);
  return all > MAX_EXPANDED_NODES && worst ? { alias: worst.alias, size: all } : undefined;
}

/** The node an alias stands for (other nodes are themselves). */
export function deref(node: unknown): Node | undefined {
  if (node && isAlias(node)) return aliasTargets.get(node as object);
  return (node ?? undefined) as Node | undefined;
}

/**
 * Parses a file into manifests. With `prev` (the same file's last parse), documents whose text
 * did not change are reused (their ranges moved), so an edit re-parses one document.
 */
export function parseFile(path: string, text: string, partialPaths: Set<string> = new Set(), prev?: ParsedFile): ParsedFile {
  const { masked, spans } = maskTemplates(text);
  const file: ParsedFile = { path, text, templates: spans, manifests: [], syntax: [], masked, order: [] };
  const docs: Document.Parsed[] = [];
  const { chunks, replaced } = chunksOf(masked, prev);
  // The previous chunks of the edited region by text (documents moved or duplicated within it),
  // built only when a chunk there was not matched by position.
  let byText: Map<string, ChunkEntry[]> | undefined;
  const take = (start: number, chunkText: string): ChunkEntry | undefined => {
    if (!replaced.length) return undefined;
    if (!byText) {
      byText = new Map();
      for (const e of replaced) (byText.get(e.text) ?? byText.set(e.text, []).get(e.text)!).push(e);
    }
    const entry = byText.get(chunkText)?.pop();
    if (entry) shiftDocuments(entry, start);
    return entry;
  };
  for (const chunk of chunks) {
    if ('docs' in chunk) {
      file.order.push(chunk);
      for (let k = 0; k < chunk.docs.length; k++) docs.push(chunk.docs[k]);
      continue;
    }
    const { start, text: chunkText } = chunk;
    let entry = take(start, chunkText);
    try {
      entry ??= parseChunk(chunkText, start);
    } catch (e) {
      file.syntax.push({ file: path, start, end: start + 1, severity: 'error', code: 'yaml-syntax', message: `YAML cannot be parsed: ${(e as Error).message}` });
      continue;
    }
    file.order.push(entry);
    for (const d of entry.docs) docs.push(d);
  }
  const patchFile = partialPaths.has(path);
  for (let docIndex = 0; docIndex < docs.length; docIndex++) {
    const doc = docs[docIndex];
    // The common case, a reused document without problems: take over its manifests.
    const known = manifestCache.get(doc);
    if (known && !doc.errors.length && !danglingAliases.has(doc) && !aliasBombs.has(doc) && takeOver(known, docIndex)) continue;
    lintDoc(doc, docIndex, known);
  }
  return file;

  /** A reused document keeps its manifests (kind, name, ... are properties of the text). */
  function takeOver(known: Manifest[], docIndex: number): boolean {
    if (spans.length) return false;
    for (let k = 0; k < known.length; k++) if (known[k].partial !== patchFile) return false;
    for (let k = 0; k < known.length; k++) {
      known[k].file = file;
      known[k].docIndex = docIndex;
      file.manifests.push(known[k]);
    }
    return true;
  }

  function lintDoc(doc: Document.Parsed, docIndex: number, known: Manifest[] | undefined): void {
    const fatal = doc.errors.length ? doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY') : doc.errors;
    if (fatal.length) {
      const e = fatal[0];
      const [s, en] = e.pos;
      if (!spans.length) {
        const start = Math.max(0, Math.min(s, text.length - 1));
        file.syntax.push({ file: path, start, end: Math.min(text.length, Math.max(en, start + 1)), severity: 'error', code: 'yaml-syntax', message: `YAML syntax error: ${e.message.split('\n')[0]}` });
      }
      return;
    }
    // Duplicate keys are real in plain YAML; in a template they are usually if/else branches.
    if (!spans.length) {
      for (const e of doc.errors) {
        // The parser points at the first character of the repeated key: cover the whole key.
        const key = e.code === 'DUPLICATE_KEY' ? keyStartingAt(doc.contents, e.pos[0]) : undefined;
        const [ks, ke] = key?.range ?? e.pos;
        file.syntax.push({ file: path, start: ks, end: Math.max(ke, ks + 1), severity: 'error', code: 'yaml-syntax', message: `YAML: ${e.message.split('\n')[0]}: the later value silently wins` });
      }
    }
    const bomb = aliasBombs.get(doc);
    if (bomb) {
      const [bs, be] = bomb.alias.range ?? [0, 0];
      file.syntax.push({ file: path, start: bs, end: Math.max(be, bs + 1), severity: 'error', code: 'yaml-syntax', message: `YAML: the aliases in this document expand to about ${bomb.size.toExponential(1)} nodes (a "billion laughs"): kubectl refuses it ("excessive aliasing"). Certwright lints it without expanding.` });
    }
    for (const a of danglingAliases.get(doc) ?? []) {
      const [as, ae] = a.range ?? [0, 0];
      if (!spans.length) file.syntax.push({ file: path, start: as, end: Math.max(ae, as + 1), severity: 'error', code: 'yaml-syntax', message: `YAML: "${text.slice(as, ae)}" is an alias to an anchor that does not exist (kubectl: unknown anchor). Quote values that start with "*", e.g. "*.example.com".` });
    }
    const root = doc.contents;
    if (!isMap(root)) return;
    if (known && takeOver(known, docIndex)) return;
    // `kind: List` (kubectl get -o yaml, some generators): each item is an object of its own.
    const listItems = str(get(root, 'kind')) === 'List' && isSeq(get(root, 'items')) ? items(get(root, 'items')).filter((n): n is YAMLMap => isMap(n)) : undefined;
    const made = (listItems ?? [root]).map((itemRoot) => {
      const m: Manifest = { file, docIndex, doc, root: itemRoot, partial: patchFile };
      m.apiVersion = knownValue(file, str(get(itemRoot, 'apiVersion')), get(itemRoot, 'apiVersion'));
      m.kind = knownValue(file, str(get(itemRoot, 'kind')), get(itemRoot, 'kind'));
      const md = get(itemRoot, 'metadata');
      m.name = knownValue(file, str(get(md, 'name')), get(md, 'name'));
      const nsNode = get(md, 'namespace');
      if (nsNode) m.namespace = knownValue(file, str(nsNode), nsNode);
      else if (!CLUSTER_SCOPED.has(m.kind ?? '')) m.namespace = 'default';
      return m;
    });
    manifestCache.set(doc, made);
    for (const m of made) file.manifests.push(m);
  }
}

const manifestCache = new WeakMap<Document.Parsed, Manifest[]>();

/**
 * The document chunks of `masked`. With the previous parse of the same file, the chunks before
 * and after the edited region are taken over without re-splitting (one edit re-reads one chunk).
 */
function chunksOf(masked: string, prev?: ParsedFile): { chunks: Array<ChunkEntry | { start: number; text: string }>; replaced: ChunkEntry[] } {
  if (!prev || prev.order.length < 8) return { chunks: splitDocuments(masked), replaced: prev?.order ?? [] };
  const old = prev.masked;
  const delta = masked.length - old.length;
  const order = prev.order;
  // The edit lies between the common prefix and the common suffix of the old and new text.
  const prefix = commonPrefix(old, masked);
  const suffix = commonSuffix(old, masked, Math.min(old.length, masked.length) - prefix);
  const out: Array<ChunkEntry | { start: number; text: string }> = [];
  // Unchanged chunks before the edit, with the marker of the next chunk (so a removed or added
  // marker re-reads the chunk before it).
  let i = 0;
  while (i + 1 < order.length && order[i].base + order[i].text.length + 4 <= prefix) out.push(order[i++]);
  // Unchanged chunks after the edit: wholly inside the common suffix and still at a line start.
  let j = order.length;
  const stillMarker = (at: number) => at > 0 && masked.charCodeAt(at - 1) === 10;
  while (j > i + 1 && order[j - 1].base >= old.length - suffix && stillMarker(order[j - 1].base + delta)) j--;
  const from = i < order.length ? order[i].base : old.length;
  const to = j < order.length ? order[j].base + delta : masked.length;
  for (const c of splitDocuments(masked.slice(from, to))) out.push({ start: from + c.start, text: detach(c.text) });
  for (let k = j; k < order.length; k++) {
    shiftDocuments(order[k], order[k].base + delta);
    out.push(order[k]);
  }
  return { chunks: out, replaced: order.slice(i, j) };
}

/**
 * A copy of `s` that does not keep its parent string alive: a slice of a 10 MB text is a view
 * of it, and a chunk kept for reuse would otherwise hold every edited version of the file.
 */
function detach(s: string): string {
  return s.length < 64 ? s : (' ' + s).slice(1);
}

const BLOCK = 1 << 15;

/**
 * Length of the common prefix of `a` and `b`. Equal-length slices are compared with `===` (a
 * native memory comparison, far faster than startsWith or a character loop).
 */
export function commonPrefix(a: string, b: string): number {
  return matchLength(Math.min(a.length, b.length), (from, to) => a.slice(from, to) === b.slice(from, to));
}

/** Length of the common suffix of `a` and `b`, at most `limit`. */
export function commonSuffix(a: string, b: string, limit: number): number {
  return matchLength(Math.max(0, limit), (from, to) => a.slice(a.length - to, a.length - from) === b.slice(b.length - to, b.length - from));
}

/** The largest m <= n with same(0, m): block by block, then a binary search in the first unequal block. */
function matchLength(n: number, same: (from: number, to: number) => boolean): number {
  let lo = 0;
  while (lo < n) {
    const end = Math.min(n, lo + BLOCK);
    if (same(lo, end)) { lo = end; continue; }
    let hi = end;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (same(lo, mid)) lo = mid; else hi = mid;
    }
    return lo;
  }
  return n;
}

function shiftDocuments(entry: ChunkEntry, base: number): void {
  const delta = base - entry.base;
  if (!delta) return;
  shiftRanges(entry.ranges, delta);
  entry.base = base;
}

const CLUSTER_SCOPED = new Set(['ClusterIssuer', 'Namespace', 'ClusterSPIFFEID', 'ClusterStaticEntry', 'ClusterFederatedTrustDomain', 'Bundle', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration']);

function knownValue(file: ParsedFile, value: string | undefined, node: Node | undefined): string | undefined {
  if (value === undefined || !node) return value;
  return isUnknown(file, node) ? undefined : value;
}

// ---- node helpers -------------------------------------------------------------------------

/** Follows map keys and sequence indexes; resolves aliases. */
export function get(node: unknown, ...path: Array<string | number>): Node | undefined {
  let cur = deref(node);
  for (const k of path) {
    cur = deref(cur);
    if (!cur) return undefined;
    if (typeof k === 'number') {
      if (!isSeq(cur)) return undefined;
      cur = (cur as YAMLSeq).items[k] as Node | undefined;
    } else {
      if (!isMap(cur)) return undefined;
      cur = valueOfKey(cur as YAMLMap, k);
    }
  }
  return deref(cur);
}

/**
 * The value of key `k` in a map. The hottest lookup of the linter: string keys are compared
 * first without conversion; other scalar keys (numbers, booleans) as their text.
 */
function valueOfKey(map: YAMLMap, k: string): Node | undefined {
  const list = map.items;
  for (let i = 0; i < list.length; i++) {
    const key = list[i].key as Scalar | null;
    if (key && key.value === k && isScalar(key)) return list[i].value as Node | undefined;
  }
  for (let i = 0; i < list.length; i++) {
    const key = list[i].key as Scalar | null;
    if (key && typeof key.value !== 'string' && isScalar(key) && String(key.value) === k) return list[i].value as Node | undefined;
  }
  return undefined;
}

/** The key node of `key` in a map (for pointing at a field). */
export function keyNode(map: unknown, key: string): Node | undefined {
  map = deref(map);
  if (!isMap(map)) return undefined;
  const pair = (map as YAMLMap).items.find((p) => isScalar(p.key) && String((p.key as Scalar).value) === key);
  return pair?.key as Node | undefined;
}

export function has(map: unknown, key: string): boolean {
  return keyNode(map, key) !== undefined;
}

export function str(node: unknown): string | undefined {
  node = deref(node);
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  if (v === null || v === undefined) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function num(node: unknown): number | undefined {
  node = deref(node);
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  return typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

export function bool(node: unknown): boolean | undefined {
  node = deref(node);
  if (!isScalar(node)) return undefined;
  const v = (node as Scalar).value;
  return typeof v === 'boolean' ? v : undefined;
}

export function items(node: unknown): Node[] {
  const n = deref(node);
  return isSeq(n) ? ((n as YAMLSeq).items as Node[]).map((i) => deref(i) ?? i) : [];
}

export function entries(node: unknown): Array<{ key: string; keyNode: Node; value: Node | undefined }> {
  node = deref(node);
  if (!isMap(node)) return [];
  return (node as YAMLMap).items
    .filter((p) => isPair(p) && isScalar(p.key))
    .map((p) => ({ key: String((p.key as Scalar).value), keyNode: p.key as Node, value: deref(p.value) }));
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

/**
 * Maps offsets inside a YAML scalar's value back to offsets in the file, for every scalar style:
 * plain and quoted scalars with folded lines, double-quoted escapes (`\"`, `\x41`, `\u00e9`,
 * escaped line breaks), single-quoted `''`, and block scalars (`|`, `>`, indentation indicators,
 * more-indented lines). The value's characters are aligned with the source text; an offset
 * equal to the value's length maps to the end of the scalar's content.
 */
export function valueOffsetMapper(file: ParsedFile, node: Node): (offset: number) => number {
  const [s, valueEnd] = range(node);
  const nodeEnd = node.range?.[2] ?? valueEnd;
  const text = file.text;
  const type = isScalar(node) ? (node as Scalar).type : undefined;
  const value = isScalar(node) ? String((node as Scalar).value) : '';
  const dq = type === 'QUOTE_DOUBLE', sq = type === 'QUOTE_SINGLE';
  const block = type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED';
  let j = block ? Math.min(text.length, (text.indexOf('\n', s) + 1) || text.length) : s + (dq || sq ? 1 : 0);
  const end = block ? nodeEnd : Math.max(j, valueEnd - (dq || sq ? 1 : 0));
  const starts = new Array<number>(value.length + 1);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    for (;;) {
      if (j >= end) { starts[i] = end; break; }
      const c = text[j];
      if (dq && c === '\\') {
        const n = text[j + 1];
        if (n === '\n' || n === '\r') {
          // An escaped line break joins the lines without a space.
          j += n === '\r' && text[j + 2] === '\n' ? 3 : 2;
          while (text[j] === ' ' || text[j] === '\t') j++;
          continue;
        }
        starts[i] = j;
        // \U escapes above U+FFFF give two UTF-16 units, both from this escape.
        if (n === 'U' && i + 1 < value.length && /[\ud800-\udbff]/.test(v)) starts[++i] = j;
        j += n === 'x' ? 4 : n === 'u' ? 6 : n === 'U' ? 10 : 2;
        break;
      }
      if (c === v) {
        starts[i] = j++;
        if (sq && c === "'" && text[j] === "'") j++;
        break;
      }
      // A folded line break: the value has a space where the source breaks the line.
      if (v === ' ' && (c === '\n' || c === '\r')) { starts[i] = j++; break; }
      j++; // indentation, quotes, trailing spaces: not part of the value
    }
  }
  starts[value.length] = Math.min(j, end);
  return (offset) => starts[Math.max(0, Math.min(value.length, offset))] ?? s;
}

/** The key node (of any map in the document) whose source starts at `offset`. */
function keyStartingAt(root: unknown, offset: number): Node | undefined {
  let found: Node | undefined;
  const walk = (n: unknown, depth: number): void => {
    if (found || !n || typeof n !== 'object' || depth > MAX_WALK_DEPTH) return;
    for (const it of (n as { items?: unknown[] }).items ?? []) {
      const k = isPair(it) ? (it.key as Node | null) : undefined;
      if (k?.range?.[0] === offset) { found = k; return; }
    }
    forChildren(n, (c) => walk(c, depth + 1));
  };
  walk(root, 0);
  return found;
}
