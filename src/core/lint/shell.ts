// A reader of shell scripts for the PKI rules: commands as words (quotes removed, plain variables
// expanded), redirections and heredocs, with each character of a word mapped back to the text.
// Written by hand: no maintained npm library parses POSIX shell with source offsets per character
// and stays linear on hostile input; what this one does not understand becomes "unknown", never a
// wrong value (a `$(...)`, `${X:-d}`, `$1`, a variable set twice or in a loop, a backtick...).

export interface Word {
  /** The word after quote removal and expansion of plain variables. */
  value: string;
  /** Part of the value is not known (a command substitution, an unset or non-plain variable...). */
  unknown: boolean;
  /** The word's source text and range. */
  raw: string;
  start: number;
  end: number;
  /** Source start and end of value[i] (an expanded variable maps to the `$NAME` that made it). */
  from: number[];
  to: number[];
}

export interface Command {
  words: Word[];
  /** `>`/`>>` targets (the file the command writes) and `<` sources. */
  writes: Word[];
  heredocs: Heredoc[];
  start: number;
  end: number;
}

export interface Heredoc {
  /** Where the body is written (`cat > FILE <<EOF`, `tee FILE <<EOF`), when the command says. */
  target?: Word;
  body: string;
  /** Offset of the body's first character. */
  start: number;
  /** The delimiter was quoted (`<<'EOF'`): the shell expands nothing in the body. */
  quoted: boolean;
}

export interface Script {
  commands: Command[];
  heredocs: Heredoc[];
  /**
   * Variables whose value is known: set plainly (not in an `if`/loop/`case`/function body, not
   * after `&&`/`||`, not from `$(...)` or `$1`), once or always to the same text, from known parts.
   */
  vars: Map<string, string>;
  /** The value of variable `name` where the script reads it at offset `at`: known only once it is set before `at`. */
  valueAt(name: string, at: number): string | undefined;
}

/** Words that start a compound command or prefix a command: skipped to reach the command name. */
const PREFIX = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '{', '}', '!', 'time', 'sudo', 'exec', 'command', 'nohup', 'env', 'fi', 'done', 'esac']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/** Reads a script. Linear in its length; never throws. */
export function parseScript(text: string): Script {
  // Pass 1 finds the assignments; pass 2 expands the variables that are plainly set.
  const first = tokenize(text, () => undefined);
  const { vars, firstAt } = knownVariables(first.assignments, first.dynamic);
  // A variable read before the script sets it comes from the environment: unknown there.
  const valueAt = (name: string, at: number) => ((firstAt.get(name) ?? Infinity) < at ? vars.get(name) : undefined);
  const second = tokenize(text, valueAt);
  return { commands: second.commands, heredocs: second.commands.flatMap((c) => c.heredocs), vars, valueAt };
}

interface Assignment { name: string; word: Word }

function knownVariables(assignments: Assignment[], dynamic: Set<string>): { vars: Map<string, string>; firstAt: Map<string, number> } {
  const byName = new Map<string, Word[]>();
  const firstAt = new Map<string, number>();
  for (const a of assignments) {
    (byName.get(a.name) ?? byName.set(a.name, []).get(a.name)!).push(a.word);
    if (!firstAt.has(a.name)) firstAt.set(a.name, a.word.start);
  }
  const out = new Map<string, string>();
  const state = new Map<string, 'busy' | 'done'>();
  let depth = 0;
  const resolve = (name: string): string | undefined => {
    if (out.has(name)) return out.get(name);
    // Chains deeper than this are not followed (hostile input must not exhaust the stack).
    if (state.get(name) || dynamic.has(name) || depth > 32) return undefined;
    const words = byName.get(name);
    if (!words) return undefined;
    state.set(name, 'busy');
    depth++;
    let value: string | undefined;
    for (const w of words) {
      // `B=$A.svc` reads A where B is set: A must be set before that.
      const v = expandRaw(w.raw.slice(name.length + 1), (n) => ((firstAt.get(n) ?? Infinity) < w.start ? resolve(n) : undefined));
      if (v === undefined || (value !== undefined && v !== value)) { value = undefined; break; }
      value = v;
    }
    depth--;
    state.set(name, 'done');
    if (value !== undefined) out.set(name, value);
    return value;
  };
  for (const name of byName.keys()) resolve(name);
  return { vars: out, firstAt };
}

/** The value of an assignment's raw right-hand side when every part is known. */
function expandRaw(raw: string, lookup: (name: string) => string | undefined): string | undefined {
  const t = tokenize(raw, (n) => lookup(n));
  const words = t.commands.flatMap((c) => c.words);
  if (words.length > 1 || words.some((w) => w.unknown)) return undefined;
  return words[0]?.value ?? '';
}

interface Tokens { commands: Command[]; assignments: Assignment[]; dynamic: Set<string> }

/** Words that open a compound command or a body (`{` of a function), and those that close one. */
const OPEN = new Set(['if', 'while', 'until', 'for', 'select', 'case', '{']);
const CLOSE = new Set(['fi', 'done', 'esac', '}']);

function tokenize(text: string, get: (name: string, at: number) => string | undefined): Tokens {
  const commands: Command[] = [];
  const assignments: Assignment[] = [];
  const dynamic = new Set<string>();
  let words: Word[] = [];
  let writes: Word[] = [];
  let docs: Array<{ doc: Heredoc; delim: string; strip: boolean }> = [];
  let pendingDocs: Array<{ doc: Heredoc; delim: string; strip: boolean }> = [];
  let cmdStart = -1;
  let redirect: '>' | '<' | undefined;
  // Inside an if/loop/case/function body (depth > 0) or after `&&`, `||`, `|`: an assignment
  // there may not happen (or happens in a subshell), so its variable is not plainly set.
  let depth = 0;
  let afterOperator = false;
  // The word being read.
  let value = '', from: number[] = [], to: number[] = [], unknown = false, wStart = -1;
  const n = text.length;

  const endWord = (end: number) => {
    if (wStart < 0) return;
    const w: Word = { value, unknown, raw: text.slice(wStart, end), start: wStart, end, from, to };
    if (redirect) { if (redirect === '>') writes.push(w); redirect = undefined; }
    else words.push(w);
    value = ''; from = []; to = []; unknown = false; wStart = -1;
  };
  const begin = (i: number) => { if (wStart < 0) wStart = i; if (cmdStart < 0) cmdStart = i; };
  const add = (s: string, a: number, b: number) => { for (const ch of s) { value += ch; from.push(a); to.push(b); } };
  const endCommand = (end: number) => {
    endWord(end);
    for (const w of words) {
      if (w.unknown || w.raw !== w.value) break;
      if (OPEN.has(w.value)) depth++;
      else if (CLOSE.has(w.value)) depth = Math.max(0, depth - 1);
      else if (!PREFIX.has(w.value)) break;
    }
    // `function name {` and `name() {`: the `{` that opens the body ends the line.
    if (words.length > 1 && words[words.length - 1].raw === '{' && !OPEN.has(words[0].value)) depth++;
    // After the openers: `name() { X=1; }` and `if X=1; then` are not plain either.
    const conditional = depth > 0 || afterOperator;
    if (words.length) afterOperator = false;
    let k = 0;
    while (k < words.length && PREFIX.has(words[k].value) && !words[k].unknown) k++;
    const ws = words.slice(k);
    if (ws.length || writes.length || docs.length) {
      const cmd: Command = { words: ws, writes, heredocs: docs.map((d) => d.doc), start: cmdStart, end };
      for (const d of docs) d.doc.target = writes[0] ?? (ws[0]?.value === 'tee' ? ws.find((x, j) => j > 0 && !x.value.startsWith('-')) : undefined);
      commands.push(cmd);
      collectAssignments(cmd.words, assignments, dynamic, conditional);
    }
    pendingDocs.push(...docs);
    words = []; writes = []; docs = []; cmdStart = -1; redirect = undefined;
  };

  let i = 0;
  while (i < n) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') { i += 2; continue; }
    if (c === '\n') {
      endCommand(i);
      i++;
      if (pendingDocs.length) { i = readHeredocs(text, i, pendingDocs); pendingDocs = []; }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') { endWord(i); i++; continue; }
    if (c === '#' && wStart < 0) { while (i < n && text[i] !== '\n') i++; continue; }
    if ((c === '<' || c === '>') && text[i + 1] === '(') {
      begin(i);
      const e = skipBalanced(text, i + 1);
      add('?', i, e);
      unknown = true;
      i = e;
      continue;
    }
    if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
      endWord(i);
      let j = i + 2;
      const strip = text[j] === '-';
      if (strip) j++;
      while (text[j] === ' ' || text[j] === '\t') j++;
      const m = /^(['"]?)([A-Za-z0-9_.-]+)\1/.exec(text.slice(j, j + 200));
      if (m) {
        if (cmdStart < 0) cmdStart = i;
        docs.push({ doc: { body: '', start: 0, quoted: !!m[1] }, delim: m[2], strip });
        i = j + m[0].length;
        continue;
      }
      i += 2;
      continue;
    }
    if (c === '>' || c === '<') {
      endWord(i);
      if (cmdStart < 0) cmdStart = i;
      let j = i + 1;
      if (text[j] === '>' || text[j] === '|') j++;
      if (text[j] === '&') { j++; while (/[0-9-]/.test(text[j] ?? '')) j++; i = j; continue; }
      redirect = c === '>' ? '>' : '<';
      i = j;
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      // `2>&1` is handled above; a digit before `>` is part of the redirection.
      endCommand(i);
      if ((c === '&' && text[i + 1] === '&') || c === '|') { afterOperator = true; i += text[i + 1] === c ? 2 : 1; continue; }
      i++;
      continue;
    }
    if (c === "'") {
      begin(i);
      const e = text.indexOf("'", i + 1);
      const stop = e < 0 ? n : e;
      for (let k = i + 1; k < stop; k++) add(text[k], k, k + 1);
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      begin(i);
      let k = i + 1;
      while (k < n && text[k] !== '"') {
        const d = text[k];
        if (d === '\\' && k + 1 < n && '$`"\\\n'.includes(text[k + 1])) {
          if (text[k + 1] !== '\n') add(text[k + 1], k, k + 2);
          k += 2;
          continue;
        }
        if (d === '$' || d === '`') { k = expansion(k); continue; }
        add(d, k, k + 1);
        k++;
      }
      i = k + 1;
      continue;
    }
    if (c === '$' || c === '`') { begin(i); i = expansion(i); continue; }
    if (c === '\\') { begin(i); if (i + 1 < n) add(text[i + 1], i, i + 2); i += 2; continue; }
    begin(i);
    add(c, i, i + 1);
    i++;
  }
  endCommand(n);
  if (pendingDocs.length) readHeredocs(text, n, pendingDocs);
  return { commands, assignments, dynamic };

  /** Reads `$NAME`, `${NAME}`, `${...}`, `$(...)`, `$((...))`, `$1` or a backtick at `k`; returns the offset after it. */
  function expansion(k: number): number {
    if (text[k] === '`') {
      const e = text.indexOf('`', k + 1);
      const stop = e < 0 ? n : e + 1;
      add('?', k, stop);
      unknown = true;
      return stop;
    }
    const next = text[k + 1];
    if (next === '(') {
      const e = skipBalanced(text, k + 1);
      add('?', k, e);
      unknown = true;
      return e;
    }
    if (next === '{') {
      const e = text.indexOf('}', k + 2);
      const stop = e < 0 ? n : e + 1;
      const inner = text.slice(k + 2, stop - 1);
      const v = NAME.test(inner) ? get(inner, k) : undefined;
      if (v !== undefined) add(v, k, stop);
      else { add('?', k, stop); unknown = true; }
      return stop;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(k + 1, k + 200));
    if (m) {
      const stop = k + 1 + m[0].length;
      const v = get(m[0], k);
      if (v !== undefined) add(v, k, stop);
      else { add('?', k, stop); unknown = true; }
      return stop;
    }
    if (next !== undefined && /[0-9@*#?$!-]/.test(next)) { add('?', k, k + 2); unknown = true; return k + 2; }
    add('$', k, k + 1);
    return k + 1;
  }
}

/**
 * `NAME=value` commands set variables; `for NAME`, `read NAME`, `local NAME` (no value) and any
 * assignment that may not happen (`conditional`: in an if/loop/case/function body, after `&&`)
 * make them unknown. `export NAME` and `readonly NAME` keep the value the script set.
 */
function collectAssignments(words: Word[], out: Assignment[], dynamic: Set<string>, conditional: boolean): void {
  if (!words.length) return;
  const head = words[0].value;
  if ((head === 'for' || head === 'select') && words[1]) { dynamic.add(words[1].value); return; }
  if (head === 'read' || head === 'getopts' || head === 'mapfile' || head === 'readarray') { for (const w of words.slice(1)) if (NAME.test(w.value)) dynamic.add(w.value); return; }
  const decl = ['export', 'local', 'readonly', 'declare', 'typeset'].includes(head);
  const rest = decl ? words.slice(1).filter((w) => !w.value.startsWith('-')) : words;
  // `A=1 B=2 cmd` sets A and B for cmd only: not a variable of the script.
  if (!decl && !rest.every((w) => ASSIGN.test(w.raw))) return;
  for (const w of rest) {
    const m = ASSIGN.exec(w.raw);
    if (m) {
      if (conditional || head === 'local') dynamic.add(m[1]);
      else out.push({ name: m[1], word: w });
    } else if (decl && NAME.test(w.value) && head !== 'export' && head !== 'readonly') dynamic.add(w.value);
  }
}

/** A heredoc body as the shell writes it, each character with the source range that made it. */
export interface ExpandedText { text: string; from: number[]; to: number[] }

/**
 * The text a heredoc writes. With an unquoted delimiter the shell expands it: plain variables set
 * before the heredoc become their values (mapped to the `$NAME` that made them); `\$`, `\\`,
 * `` \` `` and `\<newline>` lose their backslash; anything not known (`$(...)`, `${1}`, `$@`,
 * `${X:-d}`, a variable not plainly set) is kept as written, so it still reads as a `$` (unknown).
 * A quoted delimiter (`<<'EOF'`) writes the body as it stands. Linear in the body.
 */
export function heredocText(script: Script, text: string, doc: Heredoc): ExpandedText {
  const out: ExpandedText = { text: '', from: [], to: [] };
  const body = doc.body, base = doc.start;
  const add = (s: string, a: number, b: number) => { for (const ch of s) { out.text += ch; out.from.push(a); out.to.push(b); } };
  if (doc.quoted) { for (let i = 0; i < body.length; i++) add(body[i], base + i, base + i + 1); return out; }
  const raw = (a: number, b: number) => { for (let k = a; k < b; k++) add(text[k], k, k + 1); };
  const n = base + body.length;
  let i = base;
  while (i < n) {
    const c = text[i];
    if (c === '\\' && i + 1 < n && '$`\\\n'.includes(text[i + 1])) {
      if (text[i + 1] !== '\n') add(text[i + 1], i, i + 2);
      i += 2;
      continue;
    }
    if (c === '`') {
      const e = text.indexOf('`', i + 1);
      const stop = e < 0 || e >= n ? n : e + 1;
      // Kept with a `$` in front, so the config reader sees something unknown.
      add('$', i, i + 1);
      raw(i, stop);
      i = stop;
      continue;
    }
    if (c !== '$') { add(c, i, i + 1); i++; continue; }
    const next = text[i + 1];
    if (next === '(') { const stop = Math.min(skipBalanced(text, i + 1), n); raw(i, stop); i = stop; continue; }
    if (next === '{') {
      const e = text.indexOf('}', i + 2);
      const stop = e < 0 || e >= n ? n : e + 1;
      const inner = text.slice(i + 2, stop - 1);
      const v = NAME.test(inner) ? script.valueAt(inner, i) : undefined;
      if (v !== undefined) add(v, i, stop); else raw(i, stop);
      i = stop;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1, Math.min(n, i + 200)));
    if (m) {
      const stop = i + 1 + m[0].length;
      const v = script.valueAt(m[0], i);
      if (v !== undefined) add(v, i, stop); else raw(i, stop);
      i = stop;
      continue;
    }
    add('$', i, i + 1);
    i++;
  }
  return out;
}

/** The offset after the parenthesis group starting at `k` (quotes inside respected). */
function skipBalanced(text: string, k: number): number {
  let depth = 0;
  for (let i = k; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') { i++; continue; }
    if (c === "'") { const e = text.indexOf("'", i + 1); if (e < 0) return text.length; i = e; continue; }
    if (c === '(') depth++;
    else if (c === ')') { depth--; if (depth === 0) return i + 1; }
  }
  return text.length;
}

/** Reads heredoc bodies starting at line `i`, in order; returns the offset after the last delimiter line. */
function readHeredocs(text: string, i: number, docs: Array<{ doc: Heredoc; delim: string; strip: boolean }>): number {
  for (const d of docs) {
    d.doc.start = i;
    let k = i;
    for (;;) {
      if (k >= text.length) { d.doc.body = text.slice(i); i = text.length; break; }
      const nl = text.indexOf('\n', k);
      const lineEnd = nl < 0 ? text.length : nl;
      let line = text.slice(k, lineEnd).replace(/\r$/, '');
      if (d.strip) line = line.replace(/^\t+/, '');
      if (line === d.delim) { d.doc.body = text.slice(i, k); i = nl < 0 ? text.length : nl + 1; break; }
      k = lineEnd + 1;
    }
  }
  return i;
}

/** Source range of value[a, b) of a word. */
export function wordRange(w: Word, a = 0, b = w.value.length): [number, number] {
  if (!w.value.length || a >= w.from.length) return [w.start, w.end];
  return [w.from[a], w.to[Math.max(a, Math.min(b, w.to.length) - 1)]];
}

/** A word's value that is fully known, else undefined. */
export function known(w: Word | undefined): string | undefined {
  return w && !w.unknown ? w.value : undefined;
}

/** Whether a file is a shell script by name or first line. */
export function isScriptPath(path: string, text: string): boolean {
  return /\.(sh|bash)$/i.test(path) || /^#!.*\b(ba|da|z|k)?sh\b/.test(text.slice(0, 100));
}
