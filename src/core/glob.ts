// Glob patterns: certwright.include / exclude (checking single files against the settings; VS
// Code's findFiles does the full searches) and .gitignore lines (the CLI's folder walk).
//
// Written by hand, as a Thompson automaton instead of a regular expression: a glob turned into a
// RegExp backtracks (`*a*a*a*a*b` against a long name of `a`s takes exponential time), and a
// .gitignore or a settings file is input from the repository. Matching here takes time
// proportional to the path length times the pattern length, whatever the pattern.

/** A compiled glob. `test` has the shape of RegExp's so either can stand where a matcher is wanted. */
export interface Glob { test(path: string): boolean }

export interface GlobOptions {
  /** `[abc]`, `[a-z]`, `[!abc]` character classes (gitignore); off: `[` is literal (VS Code settings). */
  classes?: boolean;
  /** `{a,b}` alternatives (VS Code settings); off: braces are literal (gitignore). */
  braces?: boolean;
}

const SLASH = 47;
type Pred = (c: number) => boolean;
const notSlash: Pred = (c) => c !== SLASH;
const anyChar: Pred = () => true;

interface State { pred?: Pred; next?: number; eps: number[] }
interface Frag { start: number; out: number }

/** Patterns longer than this match nothing (no file or folder name is that long; a cut pattern would match too much). */
const MAX_PATTERN = 4096;

class Compiler {
  readonly states: State[] = [];
  private i = 0;
  constructor(private readonly p: string, private readonly opts: GlobOptions) {}

  state(pred?: Pred, next?: number): number {
    this.states.push({ pred, next, eps: [] });
    return this.states.length - 1;
  }

  /** A sequence up to the end, or (inside braces) up to `,` or `}`. */
  seq(depth: number): Frag {
    const start = this.state();
    let out = start;
    const append = (f: Frag) => { this.states[out].eps.push(f.start); out = f.out; };
    while (this.i < this.p.length) {
      const c = this.p[this.i];
      if (depth > 0 && (c === ',' || c === '}')) break;
      append(this.atom(depth));
    }
    return { start, out };
  }

  atom(depth: number): Frag {
    const p = this.p;
    const c = p[this.i];
    const o = this.state();
    if (c === '*') {
      if (p[this.i + 1] === '*') {
        this.i += 2;
        if (p[this.i] === '/') {
          // `**/`: zero or more whole folders.
          this.i++;
          const loop = this.state(anyChar);
          this.states[loop].next = loop;
          const slash = this.state((x) => x === SLASH, o);
          this.states[loop].eps.push(slash);
          const s = this.state();
          this.states[s].eps.push(o, loop);
          return { start: s, out: o };
        }
        const s = this.state(anyChar);
        this.states[s].next = s;
        this.states[s].eps.push(o);
        return { start: s, out: o };
      }
      this.i++;
      const s = this.state(notSlash);
      this.states[s].next = s;
      this.states[s].eps.push(o);
      return { start: s, out: o };
    }
    if (c === '?') { this.i++; return { start: this.state(notSlash, o), out: o }; }
    if (c === '[' && this.opts.classes) {
      const cls = this.charClass();
      if (cls) return { start: this.state(cls, o), out: o };
    }
    if (c === '{' && this.opts.braces && depth < 8) {
      this.i++;
      const s = this.state();
      for (;;) {
        const alt = this.seq(depth + 1);
        this.states[s].eps.push(alt.start);
        this.states[alt.out].eps.push(o);
        if (p[this.i] === ',') { this.i++; continue; }
        if (p[this.i] === '}') this.i++;
        break;
      }
      return { start: s, out: o };
    }
    if (c === '\\' && this.opts.classes && this.i + 1 < p.length) this.i++; // gitignore escapes
    const code = p.charCodeAt(this.i++);
    return { start: this.state((x) => x === code, o), out: o };
  }

  /** `[...]` at this.i; undefined (and `[` taken literally) when it is not closed. */
  charClass(): Pred | undefined {
    const p = this.p;
    let j = this.i + 1;
    const negate = p[j] === '!' || p[j] === '^';
    if (negate) j++;
    const ranges: Array<[number, number]> = [];
    let first = true;
    for (; j < p.length; j++) {
      if (p[j] === ']' && !first) break;
      first = false;
      let lo = p.charCodeAt(j);
      if (p[j] === '\\' && j + 1 < p.length) lo = p.charCodeAt(++j);
      if (p[j + 1] === '-' && j + 2 < p.length && p[j + 2] !== ']') {
        let hi = p.charCodeAt(j + 2);
        j += 2;
        if (p[j] === '\\' && j + 1 < p.length) hi = p.charCodeAt(++j);
        ranges.push([lo, hi]);
      } else ranges.push([lo, lo]);
    }
    if (j >= p.length) return undefined;
    this.i = j + 1;
    return (x) => x !== SLASH && ranges.some(([lo, hi]) => x >= lo && x <= hi) !== negate;
  }
}

class Automaton implements Glob {
  private readonly mark: Int32Array;
  private gen = 0;
  constructor(private readonly states: State[], private readonly start: number, private readonly accept: number) {
    this.mark = new Int32Array(states.length);
  }

  /** Adds `s` and everything reachable by epsilon edges to `set`. */
  private close(s: number, set: number[]): void {
    const stack = [s];
    while (stack.length) {
      const x = stack.pop()!;
      if (this.mark[x] === this.gen) continue;
      this.mark[x] = this.gen;
      set.push(x);
      for (const e of this.states[x].eps) if (this.mark[e] !== this.gen) stack.push(e);
    }
  }

  test(path: string): boolean {
    this.gen++;
    let cur: number[] = [];
    this.close(this.start, cur);
    for (let k = 0; k < path.length && cur.length; k++) {
      const c = path.charCodeAt(k);
      const next: number[] = [];
      this.gen++;
      for (const s of cur) {
        const st = this.states[s];
        if (st.pred && st.next !== undefined && st.pred(c)) this.close(st.next, next);
      }
      cur = next;
    }
    return cur.includes(this.accept);
  }
}

/** Compiles a glob: `**` (any folders; `**\/` zero or more), `*` and `?` (within a path segment), and per options classes and braces. */
export function compileGlob(glob: string, opts: GlobOptions = {}): Glob {
  if (glob.length > MAX_PATTERN) return { test: () => false };
  const c = new Compiler(glob, opts);
  const f = c.seq(0); // at the top level `,` and `}` are literal characters
  return new Automaton(c.states, f.start, f.out);
}

const settingsCache = new Map<string, Glob>();

/** A settings glob (`certwright.include` / `exclude`): `**`, `*`, `?`, `{a,b}`. */
export function globRegExp(glob: string): Glob {
  let g = settingsCache.get(glob);
  if (!g) {
    if (settingsCache.size > 1000) settingsCache.clear();
    g = compileGlob(glob, { braces: true });
    settingsCache.set(glob, g);
  }
  return g;
}
