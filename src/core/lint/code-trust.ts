// What a program's source says about the CA file its TLS clients trust (#17 part 2, lane t17c):
// Go (`x509.NewCertPool()` + `AppendCertsFromPEM(os.ReadFile(...))`, used as `tls.Config.RootCAs`),
// Python (`requests`/`httpx` `verify=`, `session.verify =`, `ssl.create_default_context(cafile=)`,
// `load_verify_locations(...)`), Node (`ca: fs.readFileSync(...)` in https/tls options or an Agent).
// Each CA file is a literal absolute path or an environment variable read in code
// (`os.Getenv("X")`, `os.environ["X"]`, `os.getenv("X")`, Node's `env` of `process`), followed through at
// most a few single assignments of a local name. Anything else (computed paths, flags, names
// assigned twice, relative paths, verification turned off, server-side CA pools) makes the whole
// file unknown: the caller stays silent.
//
// Written by hand: no parser of Go, Python and JavaScript fits in the core (pure TypeScript, no
// native parsers), and only these few call shapes matter. Linear: every scan is bounded
// (MAX_EXPR characters per expression, MAX_DEPTH assignments followed).

export type CodeLang = 'go' | 'python' | 'node';

/** Where a CA file comes from: a literal path, or an env var (with the literal used when it is unset). */
export type CaFile = { path: string } | { env: string; fallback?: string };

/** One CA file the program loads, and the range of the expression that loads it. */
export interface CaLoad { file: CaFile; start: number; end: number }

export interface CodeTrust {
  lang: CodeLang;
  loads: CaLoad[];
  /** The program adds the CA files to the system's roots (Go's `x509.SystemCertPool()`). */
  withSystemRoots: boolean;
}

const MAX_EXPR = 400;
const MAX_DEPTH = 4;

export function codeLang(path: string): CodeLang | undefined {
  if (/\.go$/i.test(path)) return 'go';
  if (/\.py$/i.test(path)) return 'python';
  if (/\.(js|mjs|cjs|ts|mts|cts|jsx|tsx)$/i.test(path)) return 'node';
  return undefined;
}

/** Quick test before the scan: files with none of these load no CA file the way read here. */
const MARKERS: Record<CodeLang, RegExp> = {
  go: /AppendCertsFromPEM/,
  python: /\bverify\s*=|cafile\s*=|load_verify_locations/,
  node: /\bca\s*[:,}]/,
};

/** Signs that the CA loads here are (also) a server's client-certificate pool, or that verification is off. */
const NOT_CLIENT: Record<CodeLang, RegExp> = {
  go: /\bClientCAs\b|InsecureSkipVerify\s*:\s*true|\.AddCert\s*\(/,
  python: /Purpose\.CLIENT_AUTH|PROTOCOL_TLS_SERVER|\bcapath\s*=|\bcadata\s*=|\bverify\s*=\s*False\b|\.verify\s*=\s*False\b|CERT_NONE|check_hostname\s*=\s*False/,
  node: /\bcreateServer\s*\(|\brequestCert\b|rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED/,
};

/**
 * The CA files a source file's TLS clients load; undefined when it loads none this reads, or when
 * anything about them is not provable (then nothing about its trust may be said).
 */
export function codeTrust(path: string, text: string): CodeTrust | undefined {
  const lang = codeLang(path);
  if (!lang || !MARKERS[lang].test(text) || NOT_CLIENT[lang].test(text)) return undefined;
  // Go: the pool must be a client's (RootCAs) for its files to be a client's trust.
  if (lang === 'go' && !/\bRootCAs\b/.test(text)) return undefined;
  const loads: CaLoad[] = [];
  let known = true;
  const add = (v: Value, start: number, end: number, want: 'read' | 'path') => {
    for (const f of filesOf(v, want)) {
      if (!f) { known = false; return; }
      loads.push({ file: f, start, end });
    }
  };
  if (lang === 'go') {
    for (const m of text.matchAll(/\bAppendCertsFromPEM\s*\(/g)) {
      const a = valueAt(text, m.index! + m[0].length);
      add(resolve(text, lang, a.text, 0), a.start, a.end, 'read');
    }
  } else if (lang === 'python') {
    for (const m of text.matchAll(/(?<![\w.])(verify|cafile)\s*=(?!=)|\.verify\s*=(?!=)|\bload_verify_locations\s*\(/g)) {
      const at = m.index! + m[0].length;
      const a = valueAt(text, at);
      if (m[0].startsWith('load_verify_locations') && (/^\s*\)/.test(text.slice(at, at + 20)) || /^\s*\w+\s*=(?!=)/.test(a.text))) continue; // keyword form: cafile= is read above
      const v = resolve(text, lang, a.text, 0);
      if (v.t === 'bool' || v.t === 'ctx') continue; // verify=True: the default roots; a context: its own loads count
      add(v, a.start, a.end, 'path');
    }
  } else {
    for (const m of text.matchAll(/(?<![\w.$])ca\s*(:|(?=[,}]))/g)) {
      // `{ ca }` shorthand or `ca: value` in an object literal (not `a ? ca : b`, `case`, `.ca`).
      const before = text.slice(Math.max(0, m.index! - 40), m.index!);
      if (!/[{,]\s*$/.test(before)) continue;
      const at = m.index! + m[0].length;
      const a = m[1] === ':' ? valueAt(text, at) : { text: 'ca', start: m.index!, end: m.index! + 2 };
      add(resolve(text, lang, a.text, 0), a.start, a.end, 'read');
    }
  }
  if (!known || !loads.length) return undefined;
  return { lang, loads, withSystemRoots: lang === 'go' ? /\bx509\.SystemCertPool\s*\(/.test(text) : lang === 'python' && /load_default_certs|set_default_verify_paths/.test(text) };
}

type Value =
  | { t: 'path'; path: string }
  | { t: 'env'; env: string; fallback?: string }
  | { t: 'read'; of: Value }
  | { t: 'list'; items: Value[] }
  | { t: 'bool' }
  | { t: 'ctx' }
  | { t: 'unknown' };

/** The CA files a value stands for (`read`: file contents; `path`: a file name); undefined items: not provable. */
function filesOf(v: Value, want: 'read' | 'path'): Array<CaFile | undefined> {
  if (v.t === 'list') return want === 'read' ? v.items.flatMap((x) => filesOf(x, want)) : [undefined];
  if (want === 'read') return v.t === 'read' ? filesOf(v.of, 'path') : [undefined];
  if (v.t === 'path') return [v.path.startsWith('/') ? { path: v.path } : undefined];
  if (v.t === 'env') return [v.fallback !== undefined && !v.fallback.startsWith('/') ? undefined : { env: v.env, fallback: v.fallback }];
  return [undefined];
}

/** One expression starting at `from`: up to a `,`, `)`, `]`, `}`, `;` or line end outside brackets and strings. */
export function valueAt(text: string, from: number): { text: string; start: number; end: number } {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  const start = i;
  let depth = 0;
  let quote = '';
  const stop = Math.min(text.length, start + MAX_EXPR);
  for (; i < stop; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
      else if (ch === '\n' && quote !== '`') break;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') { if (depth === 0) break; depth--; }
    else if (depth === 0 && (ch === ',' || ch === ';' || ch === '\n' || ch === '#' || (ch === '/' && text[i + 1] === '/'))) break;
  }
  let end = i;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { text: text.slice(start, end), start, end };
}

const STRING = String.raw`(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|\x60([^\x60$]*)\x60)`;
const LITERAL = new RegExp(`^${STRING}$`);
const ENV: Record<CodeLang, RegExp> = {
  go: new RegExp(`^os\\.Getenv\\(\\s*"(\\w+)"\\s*\\)$`),
  python: new RegExp(`^(?:os\\.)?(?:environ\\[\\s*["'](\\w+)["']\\s*\\]|(?:environ\\.get|getenv)\\(\\s*["'](\\w+)["']\\s*(?:,\\s*${STRING}\\s*)?\\))$`),
  node: new RegExp(`^process\\.env(?:\\.(\\w+)|\\[\\s*["'](\\w+)["']\\s*\\])(?:\\s*(?:\\|\\||\\?\\?)\\s*${STRING})?$`),
};
const READ: Record<CodeLang, RegExp> = {
  go: /^(?:os|ioutil)\.ReadFile\s*\(/,
  python: /^$/, // Python takes file names
  node: /^(?:fs\.|fs\.promises\.|require\(\s*["'](?:node:)?fs["']\s*\)\.)?readFileSync\s*\(/,
};

function literal(text: string): string | undefined {
  const m = LITERAL.exec(text);
  if (!m) return undefined;
  const s = m[1] ?? m[2] ?? m[3] ?? '';
  return s.includes('\\') ? undefined : s;
}

/** What an expression stands for, following a local name through its one assignment. */
function resolve(text: string, lang: CodeLang, expr: string, depth: number): Value {
  let e = expr.trim();
  if (lang === 'go' && e.endsWith('...')) e = e.slice(0, -3);
  const lit = literal(e);
  if (lit !== undefined) return { t: 'path', path: lit };
  if (lang === 'python' && (e === 'True' || e === 'False')) return { t: 'bool' };
  if (lang === 'python' && /^ssl\.(?:create_default_context|SSLContext)\s*\(/.test(e)) return { t: 'ctx' };
  const env = ENV[lang].exec(e);
  if (env) {
    const [, a, b, ...rest] = env;
    const fallback = rest.find((x) => x !== undefined);
    return { t: 'env', env: (a ?? b)!, fallback };
  }
  const read = READ[lang].exec(e);
  if (read) {
    const inner = e.slice(read[0].length);
    const a = valueAt(inner, 0);
    // One file argument (Node: and an encoding), then the call's end.
    if (!/^\s*(?:,\s*(?:"[\w-]*"|'[\w-]*'|\{[^(){}]*\})\s*)?\)$/.test(inner.slice(a.end))) return { t: 'unknown' };
    return { t: 'read', of: resolve(text, lang, a.text, depth) };
  }
  if (lang === 'node' && e.startsWith('[') && e.endsWith(']')) {
    const items: Value[] = [];
    for (let at = 1; at < e.length - 1;) {
      const a = valueAt(e, at);
      if (!a.text) break;
      items.push(resolve(text, lang, a.text, depth));
      at = a.end;
      while (at < e.length - 1 && /[\s,]/.test(e[at])) at++;
    }
    return items.length ? { t: 'list', items } : { t: 'unknown' };
  }
  if (/^[A-Za-z_]\w*$/.test(e) && depth < MAX_DEPTH) {
    const rhs = assignments(text, lang, e);
    if (rhs.length !== 1) return { t: 'unknown' };
    return resolve(text, lang, rhs[0], depth + 1);
  }
  return { t: 'unknown' };
}

/**
 * The right-hand sides of every assignment to local name `name` (Go `name :=`, `name, err :=`,
 * `var name =`; Python `name =`; JS `const|let|var name =`, `name =`). A parameter, a `for` target
 * or a second assignment makes the caller's value unknown (it asks for exactly one).
 */
const assigned = new Map<string, string[]>();
let assignedText = '';
function assignments(text: string, lang: CodeLang, name: string): string[] {
  // Once per name and text (a file naming one variable in every call stays linear).
  if (assignedText !== text) { assigned.clear(); assignedText = text; }
  const hit = assigned.get(name);
  if (hit) return hit;
  const out: string[] = [];
  assigned.set(name, out);
  const re = new RegExp(`(?<![\\w.$])${name}(?:\\s*,\\s*[\\w_]+)*\\s*(?::=|=(?![=>]))`, 'g');
  for (const m of text.matchAll(re)) {
    // Python: only statements (a keyword argument `f(name=...)` passes a value to another function's parameter).
    if (lang === 'python' && !/^[ \t]*$/.test(lineBefore(text, m.index!))) continue;
    out.push(valueAt(text, m.index! + m[0].length).text);
  }
  // Parameters (`func f(name string)`, `def f(name)`, `function f(name)`) are assigned by callers.
  const param = new RegExp(`\\([^)]*(?<![\\w.])${name}\\b`);
  for (const m of text.matchAll(/\b(?:func|def|function)\b/g)) {
    const head = text.slice(m.index!, m.index! + 300);
    if (param.test(head.slice(0, (head.indexOf('\n') + 1 || head.length + 1) - 1))) { out.push(''); break; }
  }
  return out;
}

/** The text before `at` on its line (at most 200 characters back). */
export function lineBefore(text: string, at: number): string {
  const from = Math.max(0, at - 200);
  const chunk = text.slice(from, at);
  return chunk.slice(chunk.lastIndexOf('\n') + 1);
}
