// The YAML document model with source ranges: every file is parsed once into documents whose
// nodes keep exact offsets; Helm template expressions are masked first (same length), so
// templated files parse and their templated values count as unknown, never wrong.
import { Composer, CST, Document, isAlias, isMap, isPair, isScalar, isSeq, Lexer, Node, Parser, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Severity } from '../diagnostics';
import { runSteps } from '../steps';

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
  /**
   * Where templates alone on their lines put content the text does not show (see `templateOwners`):
   * maps and sequences that may get more entries (`open`), keys whose whole value a template
   * writes (`emitted`), and maps whose entries depend on `if`/`range`/`with` (`branching`).
   */
  shape?: TemplateShape;
  manifests: Manifest[];
  /** YAML syntax errors (one per broken document), already as findings. */
  syntax: LintFinding[];
  /** The masked text and its parsed chunks in order, for re-parsing only what an edit touched. */
  masked: string;
  order: ChunkEntry[];
  /** Made from the previous parse of the file (chunks reused). */
  incremental?: boolean;
}

interface ChunkEntry {
  base: number;
  docs: Document.Parsed[];
  text: string;
  /** Every source range in `docs` (node ranges, error positions): moved together when reused. */
  ranges: number[][];
  /** Answers of `textHas` for this chunk's text, by key. */
  tests?: Map<string, boolean>;
}

const MAX_ALIAS_COUNT = 100;

/**
 * Masks Helm/Go template expressions with same-length text so YAML parses and offsets hold.
 * Linear in the text (hostile input: thousands of actions on one line, unclosed `{{`).
 */
export function maskTemplates(text: string): { masked: string; spans: Array<[number, number]>; alone: boolean[] } {
  if (!text.includes('{{')) return { masked: text, spans: [], alone: [] };
  const spans: Array<[number, number]> = [];
  for (let i = 0; ; ) {
    const s = text.indexOf('{{', i);
    if (s < 0) break;
    const e = actionEnd(text, s + 2);
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
  return { masked: out, spans, alone };
}

export interface TemplateShape {
  open: Set<Node>;
  emitted: Set<Node>;
  branching: Set<Node>;
}

/** What a template alone on its line is attached to: a key (by its offset), a sequence item's map, or the document. */
interface Owner { kind: 'key' | 'item' | 'root'; at: number; emits: boolean }

/** Template actions that print nothing themselves: control structure, comments, variables. */
const CONTROL = /^\{\{-?\s*(?:if\b|else\b|end\b|range\b|with\b|define\b|break\b|continue\b|\/\*|\$[\w]*\s*:?=)/;
/** `indent N` / `nindent N` in an action: the column the printed text starts at. */
const INDENT = /\bn?indent\s+(\d+)/;
/** A block key: plain or quoted, up to a ":" followed by a space or the line's end. */
const KEY = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{\[\]},&*!|>%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?=[ \t]|$)/;

/**
 * Which YAML node each template that stands alone on its line belongs to, from the masked text's
 * indentation (one pass over the lines with a stack of open keys and sequence items, so linear):
 * right after `key:` with nothing after it, the template writes that key's value
 * (`spec:` then `{{- toYaml .Values.spec | nindent 2 }}`); otherwise it adds entries to the
 * innermost map or sequence whose entries start left of its column (`nindent N` says the
 * column when the action itself is written elsewhere, e.g. at column 0).
 */
export function templateOwners(text: string, masked: string, spans: Array<[number, number]>, alone: boolean[]): Owner[] {
  const out: Owner[] = [];
  const stack: Array<{ col: number; kind: 'key' | 'item'; at: number; empty: boolean }> = [];
  let emptyKey: { col: number; at: number } | undefined;
  let block = -1; // inside a block scalar: lines indented more than this are its content
  let k = 0;
  for (let ls = 0; ls < masked.length; ) {
    let le = masked.indexOf('\n', ls);
    if (le < 0) le = masked.length;
    let c = ls;
    while (c < le && masked.charCodeAt(c) === 32) c++;
    const indent = c - ls;
    const first = masked.charCodeAt(c);
    const blank = c >= le || first === 13 || first === 9;
    while (k < spans.length && spans[k][0] < c) k++;
    if (!blank && block >= 0 && indent > block) { ls = le + 1; continue; }
    if (!blank) block = -1;
    if (!blank && k < spans.length && spans[k][0] === c && alone[k]) {
      // A template alone on the line: its owner, for each action of the line.
      for (; k < spans.length && spans[k][0] < le; k++) {
        const action = text.slice(spans[k][0], Math.min(spans[k][1], spans[k][0] + 200));
        const emits = !CONTROL.test(action);
        const ind = INDENT.exec(action);
        const col = ind ? Number(ind[1]) : indent;
        if (emptyKey) { out.push({ kind: 'key', at: emptyKey.at, emits }); continue; }
        let owner: Owner = { kind: 'root', at: spans[k][0], emits };
        for (let i = stack.length - 1; i >= 0; i--) {
          const e = stack[i];
          if (e.col < col) { owner = { kind: e.kind, at: e.at, emits }; break; }
          // At the column of a sequence's dashes: more items of that sequence.
          if (e.kind === 'item' && e.col === col) {
            const parent = stack[i - 1];
            owner = parent ? { kind: parent.kind, at: parent.at, emits } : owner;
            break;
          }
        }
        out.push(owner);
      }
      ls = le + 1;
      continue;
    }
    if (blank || first === 35) { ls = le + 1; continue; } // blank or comment
    if (indent === 0 && (masked.startsWith('---', c) || masked.startsWith('...', c))) { stack.length = 0; emptyKey = undefined; ls = le + 1; continue; }
    // Sequence dashes, then the content after them.
    const dashes: number[] = [];
    let p = c;
    while (masked.charCodeAt(p) === 45 && (p + 1 >= le || masked.charCodeAt(p + 1) === 32 || masked.charCodeAt(p + 1) === 13)) {
      dashes.push(p - ls);
      p++;
      while (p < le && masked.charCodeAt(p) === 32) p++;
    }
    const startCol = dashes.length ? dashes[0] : p - ls;
    while (stack.length) {
      const top = stack[stack.length - 1];
      // A sequence may sit at its key's own column (`key:` then `- item` below it).
      if (top.col > startCol || (top.col === startCol && !(dashes.length && top.kind === 'key' && top.empty))) stack.pop();
      else break;
    }
    for (const d of dashes) stack.push({ col: d, kind: 'item', at: p, empty: false });
    emptyKey = undefined;
    const rest = masked.slice(p, le);
    const key = KEY.exec(rest);
    if (key) {
      const after = rest.slice(key[0].length).trim();
      const empty = after === '' || after.startsWith('#');
      stack.push({ col: p - ls, kind: 'key', at: p, empty });
      if (empty) emptyKey = { col: p - ls, at: p };
      if (/^[|>][-+0-9]*\s*(#.*)?$/.test(after)) block = p - ls;
    } else if (/^[|>][-+0-9]*\s*(#.*)?$/.test(rest.trim())) block = dashes.length ? dashes[dashes.length - 1] : p - ls;
    ls = le + 1;
  }
  return out;
}

/** Marks the nodes the owners name in parsed documents (only documents that hold an owner are walked). */
function shapeOf(owners: Owner[], docs: Document.Parsed[]): TemplateShape {
  const shape: TemplateShape = { open: new Set(), emitted: new Set(), branching: new Set() };
  const byAt = new Map<number, Owner[]>();
  for (const o of owners) if (o.kind !== 'root') (byAt.get(o.at) ?? byAt.set(o.at, []).get(o.at)!).push(o);
  const mark = (node: Node | null | undefined, o: Owner) => { if (node) (o.emits ? shape.open : shape.branching).add(node); };
  // Documents are in text order: owners sorted by offset are read with one pointer (linear).
  const sorted = [...owners].sort((a, b) => a.at - b.at);
  let next = 0;
  for (const doc of docs) {
    const [ds, , de] = doc.range ?? [0, 0, 0];
    while (next < sorted.length && sorted[next].at < ds) next++;
    const inside: Owner[] = [];
    for (let i = next; i < sorted.length && sorted[i].at <= de; i++) inside.push(sorted[i]);
    if (!inside.length) continue;
    for (const o of inside) if (o.kind === 'root') mark(doc.contents as Node, o);
    if (!inside.some((o) => o.kind !== 'root')) continue;
    const walk = (n: unknown, depth: number): void => {
      if (!n || typeof n !== 'object' || depth > MAX_WALK_DEPTH) return;
      const r = (n as { range?: number[] }).range;
      if (r && isMap(n)) for (const o of byAt.get(r[0]) ?? []) if (o.kind === 'item') mark(n as Node, o);
      for (const it of (n as { items?: unknown[] }).items ?? []) {
        if (!isPair(it)) continue;
        const kr = (it.key as Node | null)?.range;
        for (const o of kr ? byAt.get(kr[0]) ?? [] : []) {
          if (o.kind !== 'key') continue;
          const v = deref(it.value);
          if (v && (isMap(v) || isSeq(v))) mark(v, o);
          else if (o.emits) shape.emitted.add(it.key as Node);
          else if (v) shape.branching.add(v);
        }
      }
      forChildren(n, (c) => walk(c, depth + 1));
    };
    walk(doc.contents, 0);
  }
  return shape;
}

/**
 * Where the action opened before `from` closes: the next `}}` outside Go string literals (`"}}"`
 * and `` `}}` `` do not close it, as in `{{ "{{" }}`, the usual way to print braces). A string that
 * does not close on its line (or within MAX_STRING characters) is not a string. -1 when nothing closes.
 */
const MAX_STRING = 1000;

function actionEnd(text: string, from: number): number {
  for (let i = from; ; ) {
    const close = text.indexOf('}}', i);
    if (close < 0) return -1;
    // The first quote before the close, if any: skip the string it opens.
    let q = -1;
    for (let j = i; j < close; j++) { const c = text.charCodeAt(j); if (c === 34 || c === 96) { q = j; break; } }
    if (q < 0) return close;
    const quote = text[q];
    // Strings end on their line and within MAX_STRING characters (hostile input stays linear).
    const limit = Math.min(text.length, q + MAX_STRING);
    let j = q + 1;
    for (; j < limit; j++) {
      const c = text[j];
      if (c === '\\' && quote === '"') { j++; continue; }
      if (c === quote || c === '\n') break;
    }
    if (j >= limit || text[j] !== quote) return close; // not a string after all
    i = j + 1;
  }
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
/** Deeper nesting of any kind (block collections too) is refused: the composer recurses per level. */
const MAX_NESTING = 1000;

/**
 * Counts flow-collection nesting over the tokens of the `yaml` lexer, the parser's own reading
 * of quotes, comments and plain scalars (a `"` inside a plain scalar starts no string, so it
 * cannot hide brackets from this count). Returns the depth after each lexeme.
 */
function flowCounter(): (lexeme: string) => number {
  let depth = 0, atScalar = false;
  return (lexeme) => {
    if (atScalar) atScalar = false; // a scalar's source, whatever characters it holds
    else if (lexeme === CST.SCALAR) atScalar = true;
    else if (lexeme === '[' || lexeme === '{') depth++;
    else if (lexeme === ']' || lexeme === '}') { if (depth > 0) depth--; }
    else if (lexeme === CST.FLOW_END) depth = 0; // the parser closes every open flow collection
    return depth;
  };
}

/** The deepest nesting of flow collections (`[`, `{`) as the YAML parser reads the text. */
export function flowDepth(text: string): number {
  const count = flowCounter();
  let max = 0;
  for (const lexeme of new Lexer().lex(text)) max = Math.max(max, count(lexeme));
  return max;
}

/**
 * The parser's tokens for `text`, refusing (by throwing) deep nesting as it is read: the `yaml`
 * parser slows down badly on thousands of flow levels and the composer recurses per level. One
 * pass: the guard costs nothing per document beyond the lexing the parser does anyway.
 */
function* guardedTokens(text: string): Generator<CST.Token, void, unknown> {
  const parser = new Parser();
  const count = flowCounter();
  const lexemes = new Lexer().lex(text);
  for (const lexeme of lexemes) {
    if (count(lexeme) > MAX_FLOW_DEPTH) {
      let depth = MAX_FLOW_DEPTH + 1;
      for (const rest of lexemes) depth = Math.max(depth, count(rest));
      throw new Error(`flow collections ([...], {...}) are nested ${depth} levels deep; no Kubernetes object nests that deep, so this document is not linted`);
    }
    yield* parser.next(lexeme);
    if (parser.stack.length > MAX_NESTING) throw new Error(`collections are nested more than ${MAX_NESTING} levels deep; no Kubernetes object nests that deep, so this document is not linted`);
  }
  yield* parser.end();
}

/**
 * `parseAllDocuments()` with the nesting guard between the lexer and the parser; throws (with a
 * message for a finding) when the text nests too deep. Any reader of untrusted YAML should use it.
 */
export function parseGuarded(text: string): Document.Parsed[] {
  // Broken text makes the parser create an error object per problem; their stack traces (which
  // nobody reads) cost more than the parse, so none are captured meanwhile.
  const E = Error as { stackTraceLimit?: number };
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = 0;
  try {
    const composer = new Composer({ prettyErrors: false, uniqueKeys: true, maxAliasCount: MAX_ALIAS_COUNT } as never);
    return Array.from(composer.compose(guardedTokens(text))) as Document.Parsed[];
  } finally {
    E.stackTraceLimit = limit;
  }
}

function parseChunk(text: string, base: number): ChunkEntry {
  const docs = parseGuarded(text);
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
  return runSteps(parseFileSteps(path, text, partialPaths, prev));
}

/**
 * `parseFile` in steps: it pauses after each chunk it parses ('parsed') and each document it
 * makes objects of ('object'), so the language server can stop a long parse of a big file
 * between documents (a cancelled request, a newer edit) and count the work done. A run given
 * `prev` and stopped half-way leaves `prev` unusable (its chunks may have been moved).
 */
export function* parseFileSteps(path: string, text: string, partialPaths: Set<string> = new Set(), prev?: ParsedFile): Generator<'parsed' | 'object', ParsedFile, void> {
  const { masked, spans, alone } = prev && !prev.templates.length && prev.masked === prev.text && !bracesAdded(prev.text, text) ? { masked: text, spans: [], alone: [] } : maskTemplates(text);
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
  // Chunks parsed anew (the others are the previous parse's, kept in place or found by their text).
  const fresh: ChunkEntry[] = [];
  for (const chunk of chunks) {
    if ('docs' in chunk) {
      file.incremental = true;
      file.order.push(chunk);
      for (let k = 0; k < chunk.docs.length; k++) docs.push(chunk.docs[k]);
      continue;
    }
    const { start, text: chunkText } = chunk;
    let entry = take(start, chunkText);
    const parsed = !entry;
    try {
      entry ??= parseChunk(chunkText, start);
    } catch (e) {
      file.syntax.push({ file: path, start, end: start + 1, severity: 'error', code: 'yaml-syntax', message: `YAML cannot be parsed: ${(e as Error).message}` });
      continue;
    }
    file.order.push(entry);
    if (parsed) fresh.push(entry);
    for (const d of entry.docs) docs.push(d);
    if (parsed) yield 'parsed';
  }
  // textHas answers of the previous parse: a key with no match there is asked of the new chunks only.
  const prevTests = prev && !prev.templates.length && !spans.length ? fileTests.get(prev) : undefined;
  if (prevTests) retests.set(file, { known: prevTests, fresh });
  const patchFile = partialPaths.has(path);
  if (alone.some((a) => a)) file.shape = shapeOf(templateOwners(text, masked, spans, alone), docs);
  for (let docIndex = 0; docIndex < docs.length; docIndex++) {
    const doc = docs[docIndex];
    // The common case, a reused document without problems: take over its manifests.
    const clean = cleanManifests.get(doc);
    if (clean && takeOver(clean, docIndex)) continue;
    lintDoc(doc, docIndex, manifestCache.get(doc));
    yield 'object';
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
    if (!spans.length && doc.errors.length) {
      // One walk for all of them: a document of N repeated keys is N errors (linear, not N walks).
      const keys = doc.errors.some((e) => e.code === 'DUPLICATE_KEY') ? keysByStart(doc.contents) : undefined;
      for (const e of doc.errors) {
        // The parser points at the first character of the repeated key: cover the whole key.
        const key = e.code === 'DUPLICATE_KEY' ? keys?.(e.pos[0]) : undefined;
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
    if (!doc.errors.length && !danglingAliases.has(doc) && !aliasBombs.has(doc)) cleanManifests.set(doc, made);
    for (const m of made) file.manifests.push(m);
  }
}

const manifestCache = new WeakMap<Document.Parsed, Manifest[]>();
/** The same for documents without problems (no errors, aliases that resolve): one lookup per reused document. */
const cleanManifests = new WeakMap<Document.Parsed, Manifest[]>();

/**
 * Whether `text`, an edit of `old` which has no "{{", may have one: only the edited region (and a
 * character either side) is looked at, not the whole text (maskTemplates would scan it all).
 */
function bracesAdded(old: string, text: string): boolean {
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  return text.slice(Math.max(0, prefix - 1), text.length - suffix + 1).includes('{{');
}

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

/**
 * Text filled in before use: kustomize `$(VAR)`, envsubst and SPIRE `-expandEnv` `${VAR}` and
 * `$VAR`, and documentation placeholders such as `<base64-encoded-ca-cert>` or `<trust-domain>`.
 */
export const SUBSTITUTED = /\$(?:\(|\{|[A-Za-z_])|<[A-Za-z][\w .:/-]*>/;


/**
 * True when the node's value is not known from the text: it overlaps a template expression or
 * holds a substitution or placeholder (see SUBSTITUTED). Unknown values are never wrong.
 */
export function isUnknown(file: ParsedFile, node: Node | undefined): boolean {
  if (!node) return false;
  const [s, e] = range(node);
  if (file.templates.length && overlapsTemplate(file, s, e)) return true;
  // Most files have no "$" or "<" at all: decided once per file (per chunk, see textHas).
  let any = substitutes.get(file);
  if (any === undefined) substitutes.set(file, (any = textHas(file, 'substituted', (t) => SUBSTITUTED.test(t))));
  return any && SUBSTITUTED.test(file.text.slice(s, Math.max(e, s + 1)));
}

const substitutes = new WeakMap<ParsedFile, boolean>();

const fileTests = new WeakMap<ParsedFile, Map<string, boolean>>();
/**
 * A file parsed again from its previous parse (no templates in either): that parse's textHas
 * answers, and the chunks parsed anew. Every other chunk is text of the previous parse, so a key
 * it found nowhere can only be in the new chunks (holds answers, not the previous parse itself).
 */
const retests = new WeakMap<ParsedFile, { known: Map<string, boolean>; fresh: ChunkEntry[] }>();
/** Whether a file's chunks are its whole text, back to back (checked once per parse, not per key). */
const wholeChunks = new WeakMap<ParsedFile, boolean>();

/**
 * Whether `test` holds for a file's text, asked by `key` (one test per key), for matches that
 * never span a line break. Decided per document chunk and kept with the chunk while it is reused
 * (g18: a re-lint after an edit in a 1 MB file scans the edited chunk, not the whole text again).
 */
export function textHas(file: ParsedFile, key: string, test: (text: string) => boolean): boolean {
  let known = fileTests.get(file);
  if (!known) fileTests.set(file, (known = new Map()));
  let out = known.get(key);
  if (out !== undefined) return out;
  // Chunks are the text itself when nothing was masked, and start at line starts.
  let whole = wholeChunks.get(file);
  if (whole === undefined) {
    let at = 0;
    if (file.incremental) for (const c of file.order) { if (c.base !== at) break; at += c.text.length; }
    wholeChunks.set(file, (whole = !!file.incremental && !file.templates.length && file.order.length > 0 && at === file.text.length));
  }
  const re = whole ? retests.get(file) : undefined;
  // A key the previous parse found nowhere: only the chunks parsed since can have it.
  const chunks = re && re.known.get(key) === false ? re.fresh : file.order;
  // A file parsed whole is scanned whole (one native scan); chunk by chunk only once it is re-parsed after an edit.
  if (!whole) {
    out = test(file.text);
    // Nothing in the text: nothing in any chunk either (the first re-lint then scans only the edited one).
    if (!out && !file.templates.length) for (const c of file.order) (c.tests ??= new Map()).set(key, false);
  } else {
    out = false;
    for (const c of chunks) {
      const byKey = (c.tests ??= new Map());
      let hit = byKey.get(key);
      if (hit === undefined) byKey.set(key, (hit = test(c.text)));
      if (hit) { out = true; break; }
    }
  }
  known.set(key, out);
  return out;
}

/** Whether [s, e) overlaps a template expression of the file. */
export function overlapsTemplate(file: ParsedFile, s: number, e: number): boolean {
  return overlapsSpans(file.templates, s, e);
}

/** Whether [s, e) overlaps one of the sorted, disjoint `spans`. */
export function overlapsSpans(t: Array<[number, number]>, s: number, e: number): boolean {
  let lo = 0, hi = t.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (t[mid][1] <= s) lo = mid + 1; else hi = mid; }
  return lo < t.length && t[lo][0] < Math.max(e, s + 1);
}

/**
 * Whether the field at `path` (map keys from the object's root) may be written by a template
 * even though the text does not show it: a template alone on its line adds to a map on the
 * way (`{{- toYaml .Values.spec | nindent 2 }}` under `spec:`), writes a key's whole value, or
 * a value on the way is itself templated. Rules that require a field skip it then.
 */
export function mayBeTemplated(m: Manifest, ...path: string[]): boolean {
  return mayBeTemplatedAt(m.file, m.root, ...path);
}

/** `mayBeTemplated` from any node of the file. */
export function mayBeTemplatedAt(file: ParsedFile, from: Node | undefined, ...path: string[]): boolean {
  const shape = file.shape;
  let cur: Node | undefined = deref(from);
  for (const k of path) {
    if (!cur) return false;
    if (shape?.open.has(cur)) return true;
    if (isScalar(cur)) return isUnknown(file, cur);
    if (!isMap(cur)) return false;
    const pair = (cur as YAMLMap).items.find((p) => isScalar(p.key) && String((p.key as Scalar).value) === k);
    if (!pair) return false;
    if (shape?.emitted.has(pair.key as Node)) return true;
    cur = deref(pair.value);
  }
  return !!cur && ((isScalar(cur) && isUnknown(file, cur)) || !!shape?.open.has(cur));
}

/**
 * Whether the entries of a map or sequence depend on templates (`if`/`else`, `range`, `with`, or
 * printed entries): rules about which entries exist together ("exactly one of", "not both") skip it.
 */
export function hasTemplatedEntries(file: ParsedFile, node: Node | undefined): boolean {
  const shape = file.shape;
  return !!node && !!shape && (shape.open.has(node) || shape.branching.has(node));
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
      docs = parseGuarded(maskTemplates(f.text).masked);
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
  // The masked text is what was parsed (templates as "xxx"): align the value with it.
  const text = file.masked ?? file.text;
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

/**
 * The key (of any map in the document) a DUPLICATE_KEY error at `offset` names: the first key
 * starting there or after it (after a key with an empty value, the parser points at the end of
 * the line before the repeated key). One walk for the document, then a binary search per error.
 */
function keysByStart(root: unknown): (offset: number) => Node | undefined {
  const keys: Node[] = [];
  const walk = (n: unknown, depth: number): void => {
    if (!n || typeof n !== 'object' || depth > MAX_WALK_DEPTH) return;
    for (const it of (n as { items?: unknown[] }).items ?? []) {
      const k = isPair(it) ? (it.key as Node | null) : undefined;
      if (k?.range) keys.push(k);
    }
    forChildren(n, (c) => walk(c, depth + 1));
  };
  walk(root, 0);
  keys.sort((a, b) => a.range![0] - b.range![0]);
  return (offset) => {
    let lo = 0, hi = keys.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (keys[mid].range![0] < offset) lo = mid + 1; else hi = mid; }
    return keys[lo];
  };
}
