// Which client dials a URL in code (#17 part 2, lane t17c): a program that loads a CA file for one
// client may dial a URL through another (Go's `http.Get`, Python's `requests.get(url)` without
// `verify=`, Node's `fetch(url)` without the agent), which trusts the system roots, not that file.
// A URL is judged against the loaded CA files only when the client that dials it provably uses
// them; anything else is unknown (the caller stays silent).
//
// Go (whose clients are values passed around): per file. No package-level default client
// (`http.Get/Post/Head/PostForm(`, `http.DefaultClient`, `http.DefaultTransport`, nor a client library
// such as resty or retryablehttp, which make their own transport) and at most one literal
// `tls.Config{` and one `http.Client{`. Python and Node: per URL. The call the URL is an argument
// of, or, for a URL assigned to a name (`PAYMENTS = "https://..."`), every call that name is an
// argument of, must be one that carries the CA: Python `requests`/`httpx` calls and sessions with
// `verify=` (or a session whose `.verify` is set); Node `https.get/request(` given an agent,
// `axios.create/get/...(` given an `httpsAgent`, `fetch(` given a `dispatcher` (or node-fetch's
// `agent`), that agent a `new ...Agent(` inline or a name bound once to one, and every agent the
// file makes (proxy agents too) holding a `ca`. The roots judged are still all the file's loads
// (a union: at worst an error missed, never one made up). Bounded scans (MAX_BACK characters back,
// MAX_ARGS per call, MAX_USES uses of a name; identifiers indexed once per text): linear.
import { lineBefore, type CodeLang } from './code-trust';

const MAX_BACK = 600;
const MAX_ARGS = 2000;
const MAX_USES = 20;

/** Go: signs of a second way to dial than the one client that holds the loaded pool. */
export function goOneClient(text: string): boolean {
  if (/\bhttp\.(?:Get|Post|Head|PostForm)\s*\(|\bhttp\.Default(?:Client|Transport)\b/.test(text)) return false;
  // Client libraries with their own transport (the system roots unless configured otherwise).
  if (/\b(?:resty|retryablehttp|cleanhttp|grequests|req)\.(?:New|C|Default\w*|Get|Post)\w*\s*\(|\bwebsocket\.DefaultDialer\b/.test(text)) return false;
  return count(text, /(?<![*\w.])tls\.Config\s*\{/g) <= 1 && count(text, /(?<![*\w.])http\.Client\s*\{/g) <= 1;
}

function count(text: string, re: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(re)) if (++n > 1) break;
  return n;
}

/** Whether the URL at `at` is dialed only through clients that use the CA files the code loads. */
export function dialedWithLoadedCa(lang: CodeLang, text: string, at: number, goOne: boolean): boolean {
  if (lang === 'go') return goOne;
  const calls: Call[] = [];
  const before = lineBefore(text, at);
  const name = assignedName(lang, before);
  if (name) {
    // `NAME = "https://..."`: every use of the name is a call's argument.
    const own = at - before.length + before.search(new RegExp(`(?<![\\w.$])${name.replace(/\$/g, '\\$')}(?![\\w$])`));
    let n = 0;
    for (const pos of memo(text).idents.get(name) ?? []) {
      if (pos === own) continue; // the assignment itself
      if (++n > MAX_USES) return false;
      const c = enclosingCall(text, pos);
      if (!c) return false;
      calls.push(c);
    }
  } else {
    const direct = enclosingCall(text, at);
    if (direct) calls.push(direct);
  }
  return calls.length > 0 && calls.every((c) => (lang === 'python' ? pyCarriesCa(text, c) : nodeCarriesCa(text, c)));
}

interface Call { callee: string; open: number; args: string }

/** Per text (the last one scanned): where each identifier occurs, and answers per session name. */
interface Memo { text: string; idents: Map<string, number[]>; sessions: Map<string, boolean>; agents?: boolean; https?: boolean; nodeFetch?: boolean }
let last: Memo | undefined;
function memo(text: string): Memo {
  if (last?.text === text) return last;
  const idents = new Map<string, number[]>();
  for (const m of text.matchAll(/(?<![\w.$])[A-Za-z_$][\w$]*/g)) {
    const list = idents.get(m[0]);
    if (list) list.push(m.index!); else idents.set(m[0], [m.index!]);
  }
  return (last = { text, idents, sessions: new Map() });
}

/** `NAME` when the text before a URL on its line is `NAME = ` (Python) or `const NAME = ` (JS). */
function assignedName(lang: CodeLang, before: string): string | undefined {
  const re = lang === 'python' ? /^\s*([A-Za-z_]\w*)\s*(?::\s*str\s*)?=\s*f?["']$/ : /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*string\s*)?=\s*["'`]$/;
  return re.exec(before)?.[1];
}

/** The call whose argument list holds `at` (parentheses only; at most MAX_BACK characters back). */
function enclosingCall(text: string, at: number): Call | undefined {
  let depth = 0;
  for (let i = at - 1; i >= Math.max(0, at - MAX_BACK); i--) {
    const ch = text[i];
    if (ch === ')') depth++;
    else if (ch === '(') {
      if (depth > 0) { depth--; continue; }
      const callee = /([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*$/.exec(text.slice(Math.max(0, i - 100), i))?.[1].replace(/\s+/g, '');
      if (!callee) return undefined;
      return { callee, open: i, args: callArgs(text, i) };
    }
  }
  return undefined;
}

/** The text of a call's arguments from its `(` to the matching `)` (at most MAX_ARGS characters). */
function callArgs(text: string, open: number): string {
  let depth = 0;
  const stop = Math.min(text.length, open + MAX_ARGS);
  for (let i = open; i < stop; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1, stop);
}

const PY_METHODS = 'get|post|put|patch|delete|head|options|request|stream';
const PY_VERIFY = /\bverify\s*=\s*(?!True\b|None\b)[\w"'(]/;

function pyCarriesCa(text: string, c: Call): boolean {
  // A module-level call or a session's constructor (`base_url=`): its own verify=.
  if (new RegExp(`^(?:requests|httpx)\\.(?:${PY_METHODS}|Session|Client|AsyncClient)$`).test(c.callee)) return PY_VERIFY.test(c.args);
  const m = new RegExp(`^([\\w.]+)\\.(?:${PY_METHODS})$`).exec(c.callee);
  if (!m || /^(?:requests|httpx|urllib\d?|aiohttp)$/.test(m[1])) return false;
  return pySessionVerifies(text, m[1]);
}

/** A session name (`session`, `self.client`) bound only to requests/httpx sessions that verify with a CA. */
function pySessionVerifies(text: string, name: string): boolean {
  const m = memo(text);
  let v = m.sessions.get(name);
  if (v === undefined) m.sessions.set(name, v = sessionVerifies(text, name));
  return v;
}

function sessionVerifies(text: string, name: string): boolean {
  const esc = name.replace(/\./g, '\\.');
  const bindings: Call[] = [];
  for (const m of text.matchAll(/\b(?:requests\.Session|httpx\.(?:Async)?Client)\s*\(/g)) {
    const open = m.index! + m[0].length - 1;
    const args = callArgs(text, open);
    const after = text.slice(open + args.length + 2, open + args.length + 2 + name.length + 20);
    if (new RegExp(`^\\s*${esc}\\s*(?::[^=\\n]*)?=\\s*$`).test(lineBefore(text, m.index!)) || new RegExp(`^\\s*as\\s+${esc}\\b`).test(after)) bindings.push({ callee: m[0], open, args });
  }
  if (!bindings.length) return false;
  // Any other assignment of the name (a parameter, another client) makes it unknown.
  const assigns = [...text.matchAll(new RegExp(`(?<![\\w.])${esc}\\s*(?::[^=\\n]*)?=(?!=)`, 'g'))].length;
  const withAs = [...text.matchAll(new RegExp(`\\bas\\s+${esc}\\b`, 'g'))].length;
  if (assigns + withAs !== bindings.length || new RegExp(`\\bdef\\s+\\w+\\s*\\([^)]*(?<![\\w.])${esc}\\b`).test(text)) return false;
  const setVerify = new RegExp(`(?<![\\w.])${esc}\\.verify\\s*=\\s*(?!True\\b|None\\b)[\\w"'(]`).test(text);
  return setVerify || bindings.every((b) => PY_VERIFY.test(b.args));
}

function nodeCarriesCa(text: string, c: Call): boolean {
  if (/^(?:https\.)?(?:get|request)$/.test(c.callee) && (c.callee.startsWith('https.') || (memo(text).https ??= /from\s+['"](?:node:)?https['"]|require\(\s*['"](?:node:)?https['"]\s*\)/.test(text)))) {
    return passesCaAgent(text, c.args, 'agent');
  }
  if (/^axios(?:\.(?:create|get|post|put|patch|delete|head|options|request))?$/.test(c.callee)) return passesCaAgent(text, c.args, 'httpsAgent');
  if (c.callee === 'fetch') {
    // Node's own fetch (undici) takes a dispatcher and ignores `agent`; node-fetch takes `agent`.
    return passesCaAgent(text, c.args, 'dispatcher') || ((memo(text).nodeFetch ??= /['"]node-fetch['"]/.test(text)) && passesCaAgent(text, c.args, 'agent'));
  }
  return false;
}

/**
 * The options pass `key` an agent that holds a CA: `new X.Agent({ ... ca ... })` inline, or a name
 * (`{ agent }`, `agent: paymentsAgent`) bound to `new X.Agent(`; and every agent the file makes
 * (`new ...Agent(`, proxy agents too) holds a `ca`, and the global agent is not touched.
 */
function passesCaAgent(text: string, args: string, key: string): boolean {
  const m = new RegExp(`(?<![\\w.$])${key}\\s*(?::\\s*(new\\s|[A-Za-z_$][\\w$]*\\s*(?=[,}\\n]))|(?=\\s*[,}\\n]))`).exec(args);
  if (!m) return false;
  const memo_ = memo(text);
  memo_.agents ??= !/\bglobalAgent\b/.test(text) && [...text.matchAll(/\bnew\s+(?:[\w$]+\.)?\w*Agent\s*\(/g)].every((a) => /(?<![\w.$])ca\b/.test(callArgs(text, a.index! + a[0].length - 1)));
  if (!memo_.agents) return false;
  if (m[1]?.startsWith('new')) return true;
  const name = (m[1] ?? key).trim();
  const k = `agent ${name}`;
  let v = memo_.sessions.get(k);
  if (v === undefined) {
    // Bound once, to a new Agent.
    const binds = [...text.matchAll(new RegExp(`(?<![\\w.$])${name.replace(/\$/g, '\\$')}\\s*=(?![=>])(\\s*new\\s+(?:[\\w$]+\\.)?\\w*Agent\\s*\\()?`, 'g'))];
    memo_.sessions.set(k, v = binds.length === 1 && !!binds[0][1]);
  }
  return v;
}
