// Text edits for quick fixes, computed on the source text so formatting and comments survive.
import { isSeq, Node, YAMLMap, YAMLSeq } from 'yaml';
import { get, keyNode, ParsedFile, range, TextEdit } from './model';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const e = text.indexOf('\n', offset);
  return e < 0 ? text.length : e + 1;
}

function indentAt(text: string, offset: number): string {
  const s = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(s))![0];
}

/** Replaces a scalar's text, keeping its quoting style. */
export function replaceScalar(file: ParsedFile, node: Node, value: string): TextEdit {
  const [s, e] = range(node);
  const raw = file.text.slice(s, e);
  const q = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : '';
  return { file: file.path, start: s, end: e, newText: q + value + q };
}

/** Deletes a sequence item: the whole `- value` line in a block list, the item and one comma in a flow list. */
export function deleteItemLine(file: ParsedFile, node: Node): TextEdit {
  const [s, e] = range(node);
  const t = file.text;
  let b = s - 1;
  while (b >= 0 && (t[b] === ' ' || t[b] === '\t')) b--;
  if (t[b] === ',' || t[b] === '[') {
    let a = e;
    while (a < t.length && (t[a] === ' ' || t[a] === '\t')) a++;
    if (t[a] === ',') {
      a++;
      while (a < t.length && (t[a] === ' ' || t[a] === '\t')) a++;
      return { file: file.path, start: s, end: a, newText: '' };
    }
    // The last item: remove the comma before it.
    return { file: file.path, start: t[b] === ',' ? b : s, end: e, newText: '' };
  }
  return { file: file.path, start: lineStart(t, s), end: lineEnd(t, s), newText: '' };
}

/** Appends items to `parent[key]` (a block sequence), creating the key when missing. */
export function appendSeqItems(file: ParsedFile, parent: Node, key: string, values: string[]): TextEdit | undefined {
  const seq = get(parent, key);
  if (seq && isSeq(seq) && (seq as YAMLSeq).items.length) {
    const list = (seq as YAMLSeq).items as Node[];
    if ((seq as YAMLSeq).flow) {
      const [, e] = range(seq);
      const close = file.text.lastIndexOf(']', e);
      return { file: file.path, start: close, end: close, newText: values.map((v) => `, ${v}`).join('') };
    }
    const last = list[list.length - 1];
    const [ls] = range(last);
    const dashLineStart = lineStart(file.text, ls);
    const prefix = /^[ \t]*-[ \t]*/.exec(file.text.slice(dashLineStart))![0];
    const at = lineEnd(file.text, range(last)[1] - 1 >= ls ? range(last)[1] - 1 : ls);
    const nl = file.text[at - 1] === '\n' ? '' : '\n';
    return { file: file.path, start: at, end: at, newText: nl + values.map((v) => `${prefix}${v}\n`).join('') };
  }
  const map = parent as YAMLMap;
  const firstKey = map.items?.[0]?.key as Node | undefined;
  if (!firstKey) return undefined;
  const indent = indentAt(file.text, range(firstKey)[0]);
  const existing = keyNode(parent, key);
  if (existing) {
    // `key:` with an empty value: replace from the key to the end of its line.
    const [ks] = range(existing);
    return { file: file.path, start: ks, end: lineEnd(file.text, ks), newText: `${key}:\n${values.map((v) => `${indent}  - ${v}\n`).join('')}` };
  }
  const lastPair = map.items[map.items.length - 1];
  const endNode = (lastPair.value ?? lastPair.key) as Node;
  const [, pe] = range(endNode);
  const at = lineEnd(file.text, Math.max(pe - 1, 0));
  const nl = file.text[at - 1] === '\n' ? '' : '\n';
  return { file: file.path, start: at, end: at, newText: `${nl}${indent}${key}:\n${values.map((v) => `${indent}  - ${v}\n`).join('')}` };
}

/**
 * Inserts `key: value` as a new line after the block-map entry whose key is `after`, at that key's
 * column (undefined inside a flow map, where no line can be added safely).
 */
export function insertKeyAfter(file: ParsedFile, parent: Node, after: string, line: string): TextEdit | undefined {
  const k = keyNode(parent, after);
  if (!k || (parent as YAMLMap).flow) return undefined;
  const [ks] = range(k);
  const col = ks - lineStart(file.text, ks);
  const v = get(parent, after);
  const end = v ? range(v)[1] : range(k)[1];
  const at = lineEnd(file.text, Math.max(end - 1, ks));
  const nl = file.text[at - 1] === '\n' ? '' : '\n';
  return { file: file.path, start: at, end: at, newText: `${nl}${' '.repeat(col)}${line}\n` };
}

/** Deletes the block-map entry `key` of `parent` with its whole value (undefined inside a flow map). */
export function deletePair(file: ParsedFile, parent: Node, key: string): TextEdit | undefined {
  const k = keyNode(parent, key);
  if (!k || (parent as YAMLMap).flow) return undefined;
  const [ks] = range(k);
  const v = get(parent, key);
  const end = v ? range(v)[1] : range(k)[1];
  return { file: file.path, start: lineStart(file.text, ks), end: lineEnd(file.text, Math.max(end - 1, ks)), newText: '' };
}

/** Appends a YAML document (`---` then `body`) at the end of the file. */
export function appendDocument(file: ParsedFile, body: string): TextEdit {
  const t = file.text;
  const nl = t === '' || t.endsWith('\n') ? '' : '\n';
  // A file that ends with a bare `---` already opens the next document.
  const sep = /(^|\n)---[ \t]*\n?$/.test(t) ? '' : '---\n';
  return { file: file.path, start: t.length, end: t.length, newText: `${t === '' ? '' : nl + sep}${body.endsWith('\n') ? body : body + '\n'}` };
}

/**
 * Adds an entry to the block map `parent` after its last entry, at its keys' column: `lines` are
 * the entry's lines indented relative to the key (`['config:', '  enableGatewayAPI: true']`).
 * Undefined for a flow or empty map (no line can be added safely).
 */
export function appendPair(file: ParsedFile, parent: Node, lines: string[]): TextEdit | undefined {
  const map = parent as YAMLMap;
  const firstKey = map.items?.[0]?.key as Node | undefined;
  if (!firstKey || map.flow) return undefined;
  // The keys' column (a map that is a sequence item starts after `- `).
  const [ks] = range(firstKey);
  const indent = ' '.repeat(ks - lineStart(file.text, ks));
  const lastPair = map.items[map.items.length - 1];
  const [, pe] = range((lastPair.value ?? lastPair.key) as Node);
  const at = lineEnd(file.text, Math.max(pe - 1, 0));
  const nl = file.text[at - 1] === '\n' || at === 0 ? '' : '\n';
  return { file: file.path, start: at, end: at, newText: nl + lines.map((l) => `${indent}${l}\n`).join('') };
}
