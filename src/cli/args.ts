// A small argument parser: `--flag`, `--opt value`, `--opt=value`, `-n value`, positionals.
export class UsageError extends Error {}

export interface Spec {
  flags?: string[];
  options?: string[];
  /** Options that may be given several times; every value is kept in `Parsed.lists`. */
  repeatable?: string[];
  /** Short aliases: `{ n: 'namespace' }`. */
  aliases?: Record<string, string>;
}

export interface Parsed {
  flags: Set<string>;
  options: Map<string, string>;
  positionals: string[];
  /** Every value of each repeatable option, in order. */
  lists: Map<string, string[]>;
}

export function parseArgs(argv: string[], spec: Spec): Parsed {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const positionals: string[] = [];
  const lists = new Map<string, string[]>();
  const known = (n: string) => spec.flags?.includes(n) || spec.options?.includes(n);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (a.startsWith('-') && a.length > 1) {
      let name = a.replace(/^--?/, '');
      let value: string | undefined;
      const eq = name.indexOf('=');
      if (eq >= 0) { value = name.slice(eq + 1); name = name.slice(0, eq); }
      if (!a.startsWith('--')) name = spec.aliases?.[name] ?? name;
      if (name === 'help' || name === 'h') { flags.add('help'); continue; }
      if (!known(name)) throw new UsageError(`unknown option ${a}`);
      if (spec.flags?.includes(name)) {
        if (value !== undefined) throw new UsageError(`--${name} takes no value`);
        flags.add(name);
      } else {
        if (value === undefined) {
          value = argv[++i];
          if (value === undefined) throw new UsageError(`--${name} needs a value`);
        }
        options.set(name, value);
        if (spec.repeatable?.includes(name)) (lists.get(name) ?? lists.set(name, []).get(name)!).push(value);
      }
    } else positionals.push(a);
  }
  return { flags, options, positionals, lists };
}

/** One line for a bad flag or argument: the reason and where the options are listed (never the whole usage). */
export function usageLine(cmd: string, message: string): string {
  return `certwright ${cmd}: ${message}; run "certwright ${cmd} --help" for its options\n`;
}

/** What to do about a path that cannot be read, by the error's code. */
const PATH_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or folder; check the path',
  ENOTDIR: 'a part of the path is not a folder; check the path',
  EACCES: 'permission denied; check its permissions or run as a user who may read it',
  EPERM: 'permission denied; check its permissions or run as a user who may read it',
  ELOOP: 'too many levels of symbolic links; check where the links point',
  EISDIR: 'is a folder, not a file; name a file',
  ENAMETOOLONG: 'the path is too long; check the path',
};

/** One line about a path that cannot be read: `certwright: PATH: what went wrong; what to do`. */
export function pathProblem(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = (code && PATH_PROBLEMS[code]) ?? `cannot read it (${code ?? String((e as Error)?.message ?? e).split('\n')[0]}); check the path and its permissions`;
  return `certwright: ${path}: ${why}\n`;
}

/** Runs one subcommand: a UsageError prints one line naming the reason and `--help` (exit 2), any other error one line (exit 2). */
export async function runCommand(
  name: string, _help: string, run: (argv: string[], io: { out(s: string): void; err(s: string): void }) => Promise<number>,
  argv: string[], io: { out(s: string): void; err(s: string): void },
): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(usageLine(name, e.message));
      return 2;
    }
    // One line, never a stack trace (set CERTWRIGHT_DEBUG=1 for one): an I/O error names its code.
    const err = e as NodeJS.ErrnoException;
    if (typeof process !== 'undefined' && process.env.CERTWRIGHT_DEBUG) io.err(`${err?.stack ?? e}\n`);
    const code = err?.code ? ` (${err.code})` : '';
    io.err(`certwright ${name}: ${String(err?.message ?? e).split('\n')[0]}${code}; run again with CERTWRIGHT_DEBUG=1 for details and report it if it persists\n`);
    return 2;
  }
}
