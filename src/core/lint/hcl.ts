// A small HCL reader for SPIRE's server.conf / agent.conf: blocks, attributes, strings,
// numbers, booleans, lists and objects, with comments. It records every attribute with its
// path ("server.trust_domain") and the offsets of its value, which is all the rules need.

export interface HclAttribute {
  path: string;
  value: string | number | boolean | null;
  start: number;
  end: number;
  /** Filled in before SPIRE reads it: `${VAR}` / `$VAR` (run with -expandEnv), or a bare word standing for a template. */
  unknown?: boolean;
}

export interface HclResult {
  attributes: HclAttribute[];
  /** The first problem; `offset` is always a finite offset into the text. */
  error?: { message: string; offset: number; tooDeep?: boolean };
}

/** Blocks, lists and objects nested deeper than this are not read (SPIRE's nest a few levels). */
export const MAX_HCL_DEPTH = 64;

type Tok = { t: 'id' | 'str' | 'num' | 'punct' | 'env' | 'op' | 'eof'; v: string; s: number; e: number; nl?: boolean; unknown?: boolean };

/** `$VAR` / `${VAR}` as os.ExpandEnv reads them (SPIRE's -expandEnv expands the file before parsing). */
const ENV = /\$(?:\{[^}\n]*\}|[A-Za-z_][A-Za-z0-9_]*)/y;

function tokenize(src: string, terraform = false): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  let nl = false;
  const push = (t: Tok) => { if (nl) t.nl = true; nl = false; out.push(t); };
  while (i < src.length) {
    const c = src[i];
    if (c === '\n') { nl = true; i++; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (terraform && c === '<' && src[i + 1] === '<') {
      // Heredoc string: <<EOT / <<-EOT ... EOT (its text is a value; interpolations make it unknown).
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(src.slice(i, i + 100));
      if (m) {
        const bodyStart = i + m[0].length;
        const end = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, 'm');
        const rest = src.slice(bodyStart);
        const hit = end.exec(rest);
        const stop = hit ? bodyStart + hit.index + hit[0].length : src.length;
        const body = rest.slice(0, hit ? hit.index : rest.length);
        push({ t: 'str', v: body, s: i, e: stop, unknown: /\$\{|%\{/.test(body) });
        i = stop;
        continue;
      }
    }
    if (c === '#' || (c === '/' && src[i + 1] === '/')) { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw { message: 'unterminated /* comment', offset: i };
      i = end + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let v = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n') throw { message: 'unterminated string', offset: i };
        if (src[j] === '\\') { v += src[j + 1] ?? ''; j += 2; continue; }
        if (terraform && (src[j] === '$' || src[j] === '%') && src[j + 1] === '{') {
          // An interpolation may hold quotes of its own: skip to its closing brace.
          let depth = 0, k = j + 1;
          for (; k < src.length && src[k] !== '\n'; k++) { if (src[k] === '{') depth++; else if (src[k] === '}' && --depth === 0) break; }
          v += src.slice(j, k + 1);
          j = k + 1;
          continue;
        }
        v += src[j++];
      }
      if (j >= src.length) throw { message: 'unterminated string', offset: i };
      push({ t: 'str', v, s: i, e: j + 1 });
      i = j + 1;
      continue;
    }
    if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
      if (m) { push({ t: 'num', v: m[0], s: i, e: i + m[0].length }); i += m[0].length; continue; }
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(src.slice(i))!;
      push({ t: 'id', v: m[0], s: i, e: i + m[0].length });
      i += m[0].length;
      continue;
    }
    if (c === '$') {
      ENV.lastIndex = i;
      const m = ENV.exec(src);
      if (m) { push({ t: 'env', v: m[0], s: i, e: i + m[0].length }); i += m[0].length; continue; }
    }
    if ('{}[]=,:'.includes(c)) { push({ t: 'punct', v: c, s: i, e: i + 1 }); i++; continue; }
    // Terraform expressions (calls, references, operators, conditionals) are read as opaque tokens.
    if (terraform && '()+-*/%<>!&|?.;'.includes(c)) { push({ t: 'op', v: c, s: i, e: i + 1 }); i++; continue; }
    throw { message: `unexpected character ${JSON.stringify(c)}`, offset: i };
  }
  push({ t: 'eof', v: '', s: src.length, e: src.length, nl: true });
  return out;
}

/**
 * Parses SPIRE HCL. With `bareWords`, a bare word where a value belongs is accepted as an unknown
 * value (the masked form of a template action, `trust_domain = {{ .Values.td | quote }}`).
 */
export function parseHcl(src: string, opts: { bareWords?: boolean; terraform?: boolean } = {}): HclResult {
  const attributes: HclAttribute[] = [];
  let toks: Tok[];
  try {
    toks = tokenize(src, opts.terraform);
  } catch (e) {
    const err = e as { message: string; offset: number };
    return { attributes, error: err };
  }
  let p = 0;
  const peek = () => toks[p];
  const fail = (message: string, tooDeep?: boolean): never => { throw { message, offset: peek().s, tooDeep }; };
  const tooDeep = (): never => fail(`blocks, lists and objects are nested more than ${MAX_HCL_DEPTH} levels deep`, true);
  const expect = (v: string) => { if (peek().v !== v || peek().t !== 'punct') fail(`expected "${v}"`); p++; };

  const ends = (t: Tok) => t.t === 'eof' || !!t.nl || (t.t === 'punct' && (t.v === ',' || t.v === ']' || t.v === '}')) || (t.t === 'op' && t.v === ')');
  /** A Terraform expression (reference, call, operator, for): read as one unknown value. */
  const expression = (path: string): void => {
    const first = peek();
    let depth = 0, last = first;
    do {
      const t = peek();
      if (t.t === 'eof') break;
      if ('([{'.includes(t.v) && t.t !== 'str') depth++;
      else if (')]}'.includes(t.v) && t.t !== 'str') { if (depth === 0) break; depth--; }
      last = t;
      p++;
    } while (depth > 0 || !ends(peek()));
    attributes.push({ path, value: src.slice(first.s, last.e), start: first.s, end: last.e, unknown: true });
  };
  const value = (path: string, depth: number): void => {
    if (depth > MAX_HCL_DEPTH) tooDeep();
    const t = peek();
    if (opts.terraform) {
      const literal = t.t === 'str' || t.t === 'num' || (t.t === 'id' && (t.v === 'true' || t.v === 'false' || t.v === 'null'));
      if ((literal && !ends(toks[p + 1])) || (!literal && t.v !== '[' && t.v !== '{')) { expression(path); return; }
      if (t.v === '{') {
        // An object, or a `for` expression in braces.
        const save = p, count = attributes.length;
        try { p++; body(path, '}', depth + 1); expect('}'); } catch (e) {
          if ((e as { tooDeep?: boolean }).tooDeep) throw e;
          p = save; attributes.length = count; expression(path);
        }
        return;
      }
      if (t.t === 'str' && t.unknown) { p++; attributes.push({ path, value: t.v, start: t.s, end: t.e, unknown: true }); return; }
    }
    if (t.t === 'str' || t.t === 'num' || (t.t === 'id' && (t.v === 'true' || t.v === 'false' || t.v === 'null'))) {
      p++;
      const v = t.t === 'num' ? Number(t.v) : t.t === 'str' ? t.v : t.v === 'null' ? null : t.v === 'true';
      const unknown = t.t === 'str' && (opts.terraform ? /[$%]\{/.test(t.v) : /\$(?:\{|[A-Za-z_])/.test(t.v));
      attributes.push(unknown ? { path, value: v, start: t.s, end: t.e, unknown } : { path, value: v, start: t.s, end: t.e });
      return;
    }
    if (t.t === 'env' || (opts.bareWords && t.t === 'id')) {
      p++;
      attributes.push({ path, value: t.v, start: t.s, end: t.e, unknown: true });
      return;
    }
    if (t.v === '[') {
      p++;
      let n = 0;
      while (peek().v !== ']' || peek().t === 'str') {
        if (peek().t === 'eof') fail('unterminated list');
        value(`${path}[${n++}]`, depth + 1);
        if (peek().v === ',') p++;
      }
      p++;
      return;
    }
    if (t.v === '{') { p++; body(path, '}', depth + 1); expect('}'); return; }
    fail('expected a value');
  };

  const body = (prefix: string, close: string, depth: number): void => {
    if (depth > MAX_HCL_DEPTH) tooDeep();
    while (peek().t !== 'eof' && peek().v !== close) {
      const name = peek();
      if (name.t !== 'id' && name.t !== 'str') fail('expected an attribute or block name');
      p++;
      const path = prefix ? `${prefix}.${name.v}` : name.v;
      if (peek().v === '=' || peek().v === ':') {
        p++;
        value(path, depth);
        if (peek().v === ',') p++;
        continue;
      }
      // Block: name ["label"...] { ... }
      let labelled = path;
      while (peek().t === 'str' || peek().t === 'id') { labelled += `.${peek().v}`; p++; }
      expect('{');
      body(labelled, '}', depth + 1);
      expect('}');
    }
    if (close === '}' && peek().t === 'eof') fail('missing "}"');
  };

  try {
    body('', '', 0);
    if (peek().t !== 'eof') fail('unexpected "}"');
  } catch (e) {
    // A thrown Error (not a parse problem) still gets a finite position: where the reader was.
    const err = e instanceof Error ? { message: e.message, offset: peek()?.s ?? 0 } : e as { message: string; offset: number; tooDeep?: boolean };
    return { attributes, error: { message: err.message, offset: err.offset, ...(err.tooDeep ? { tooDeep: true } : {}) } };
  }
  return { attributes };
}
