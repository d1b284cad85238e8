// `certwright lint [--format text|json|sarif|github|gitlab] [--fail-on error|warning|info|none] PATH...`
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { lintTexts, LINT_RULES, LintFinding, shownSeverity } from '../core/lint/index';
import { walkRespectingGitignore } from '../node/gitignore';
import { parseArgs, pathProblem, UsageError } from './args';
import type { Io } from './main';
import { toGithub, toGitlab } from './ci-formats';

export const LINT_HELP = `Usage: certwright lint [--format FORMAT] [--fail-on error|warning|info|none] PATH...

Lints cert-manager, trust-manager, csi-driver, SPIRE and Istio YAML (and the URLs and
spire-server commands in code and scripts), openssl scripts and configs (.sh, .cnf, .ext),
Vault PKI roles, Terraform (.tf) and Vault Agent templates (.tmpl, .ctmpl) with the same rules
as the editor. Folders are walked; .gitignore is respected.

Options:
  --format FORMAT            text (default), json, sarif (SARIF 2.1.0, for code scanning),
                             github (workflow commands: annotations in GitHub Actions) or
                             gitlab (Code Quality JSON report)
  --fail-on LEVEL            exit 1 when a finding reaches this severity: error (default),
                             warning, info (any finding) or none (never)

Exit status: 0 nothing reaches --fail-on, 1 something does, 2 usage or I/O error (also when
no file given is one lint reads).`;

// Istio's plug-in CA files are linted together (h15: rules/mesh-ca.ts); .cnf/.ext/.tf/.tmpl/.ctmpl: openssl, Terraform and Vault Agent (h14).
const LINTED_EXTENSIONS = ['yaml', 'yml', 'go', 'py', 'js', 'mjs', 'cjs', 'ts', 'tsx', 'jsx', 'sh', 'bash', 'conf', 'hcl', 'md', 'env', 'cnf', 'ext', 'tf', 'tmpl', 'ctmpl'];
const LINTED_PEM_NAMES = ['ca-cert.pem', 'ca-key.pem', 'root-cert.pem', 'cert-chain.pem'];
/** The files `certwright lint` reads (the tests of examples/ read the same ones). */
export const LINTED = new RegExp(`\\.(${LINTED_EXTENSIONS.join('|')})$|(^|[/\\\\])(${LINTED_PEM_NAMES.map((n) => n.replace('.', '\\.')).join('|')})$`, 'i');
const LINTED_NAMES = `${LINTED_EXTENSIONS.map((e) => `.${e}`).join(' ')} and Istio's ${LINTED_PEM_NAMES.join(', ')}`;
const MAX_BYTES = 10 * 1024 * 1024;

/** Positions are 1-based (lines and columns, columns in UTF-16 code units). */
export interface JsonLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonFinding extends JsonLocation {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** Cross-file findings: the objects the finding relates (absent when there are none). */
  related?: Array<JsonLocation & { message: string }>;
}

/** The CLI's severity of a core severity: the one mapping the editor uses too (hints print as info). */
export const cliSeverity: (s: LintFinding['severity']) => JsonFinding['severity'] = shownSeverity;

/** Findings as the JSON output lists them; the core gives 0-based positions (see LintFinding). */
export function toJsonFindings(findings: LintFinding[], display: (p: string) => string): JsonFinding[] {
  const loc = (file: string, l: { line?: number; column?: number; endLine?: number; endColumn?: number }): JsonLocation => ({
    // Never NaN or below 1 in the output (SARIF consumers reject the whole log for one).
    file: display(file), line: sarifPosition((l.line ?? 0) + 1), column: sarifPosition((l.column ?? 0) + 1),
    endLine: sarifPosition((l.endLine ?? l.line ?? 0) + 1), endColumn: sarifPosition((l.endColumn ?? l.column ?? 0) + 1),
  });
  return findings.map((f) => {
    const out: JsonFinding = { ...loc(f.file, f), severity: shownSeverity(f.severity), code: f.code, message: f.message };
    if (f.related?.length) out.related = f.related.map((r) => ({ ...loc(r.file, r), message: r.message }));
    return out;
  });
}

/** A 1-based line or column that is a positive integer whatever a record holds. */
function sarifPosition(n: number, min = 1): number {
  return Number.isFinite(n) ? Math.max(min, Math.floor(n)) : min;
}

export function toSarif(records: JsonFinding[]): unknown {
  const codes = [...new Set(records.map((r) => r.code))].sort();
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'certwright',
          informationUri: 'https://github.com/certwright/certwright',
          version: '0.1.0',
          rules: codes.map((c) => ({
            id: c,
            name: c.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase()),
            shortDescription: { text: LINT_RULES[c]?.summary ?? c },
            defaultConfiguration: { level: level(LINT_RULES[c]?.severity ?? 'warning') },
          })),
        },
      },
      results: records.map((r) => ({
        ruleId: r.code,
        ruleIndex: codes.indexOf(r.code),
        level: level(r.severity),
        message: { text: r.message },
        locations: [{ physicalLocation: physical(r) }],
        ...(r.related?.length ? { relatedLocations: r.related.map((x, id) => ({ id, physicalLocation: physical(x), message: { text: x.message } })) } : {}),
      })),
    }],
  };
}

function physical(r: JsonLocation) {
  return {
    artifactLocation: { uri: r.file.split('\\').join('/').replace(/^\.\//, '') },
    region: (() => {
      const line = sarifPosition(r.line), column = sarifPosition(r.column), endLine = sarifPosition(r.endLine, line);
      return { startLine: line, startColumn: column, endLine, endColumn: sarifPosition(r.endColumn, line === endLine ? column + 1 : 1) };
    })(),
  };
}

const LINT_FORMATS = ['text', 'json', 'sarif', 'github', 'gitlab'];
/** `--fail-on` levels: a finding fails the run when its rank reaches the level's. */
const FAIL_RANK: Record<string, number> = { error: 3, warning: 2, info: 1, none: Infinity };
const SEVERITY_RANK: Record<JsonFinding['severity'], number> = { error: 3, warning: 2, info: 1 };

/** Whether some finding reaches `--fail-on` (error, warning, info or none). */
export function failsOn(records: Pick<JsonFinding, 'severity'>[], failOn: string): boolean {
  const rank = Object.hasOwn(FAIL_RANK, failOn) ? FAIL_RANK[failOn] : FAIL_RANK.error;
  return records.some((r) => SEVERITY_RANK[r.severity] >= rank);
}

export async function lint(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { options: ['format', 'fail-on'] });
  if (args.flags.has('help')) { io.out(LINT_HELP + '\n'); return 0; }
  const format = args.options.get('format') ?? 'text';
  const failOn = args.options.get('fail-on') ?? 'error';
  if (!LINT_FORMATS.includes(format)) throw new UsageError(`--format must be text, json, sarif, github or gitlab, not "${format}"`);
  if (!Object.hasOwn(FAIL_RANK, failOn)) throw new UsageError(`--fail-on must be error, warning, info or none, not "${failOn}"`);
  if (!args.positionals.length) throw new UsageError('lint needs at least one file or folder');
  const files: string[] = [];
  // A file or folder that cannot be read is reported (exit 2 at the end); the others are still linted.
  let ioErrors = 0;
  const unreadable = (f: string, e: Error) => {
    io.err(pathProblem(f, e));
    ioErrors++;
  };
  let notLinted = 0;
  for (const p of args.positionals) {
    try {
      // A file named on the command line that lint has no rules for is said so, not counted as linted.
      if (statSync(p).isFile() && !LINTED.test(p)) {
        io.err(`certwright: ${p}: not a file lint reads; it reads ${LINTED_NAMES} files (use "certwright inspect" for certificates and keys)\n`);
        notLinted++;
        continue;
      }
      for (const f of walkRespectingGitignore(p, (f) => LINTED.test(f), undefined, unreadable)) files.push(f);
    } catch (e) {
      io.err(pathProblem(p, e));
      return 2;
    }
  }
  if (!files.length && notLinted) return 2;
  // Folders with nothing lint reads: say so (still exit 0: an empty folder is not a failure in CI).
  if (!files.length && !ioErrors) io.err(`certwright: no file lint reads in ${args.positionals.join(', ')}; it reads ${LINTED_NAMES} files\n`);
  const texts = new Map<string, string>();
  for (const f of files) {
    try {
      const st = statSync(f);
      if (st.size > MAX_BYTES) { io.err(`certwright: ${f}: skipped (${(st.size / 1048576).toFixed(1)} MB)\n`); continue; }
      texts.set(f, readFileSync(f, 'utf8'));
    } catch (e) {
      unreadable(f, e as Error);
    }
  }
  const findings = lintTexts([...texts].map(([path, text]) => ({ path, text })));
  const display = (p: string) => (p.startsWith('/') ? relative(process.cwd(), p) || p : p);
  const records = toJsonFindings(findings, display);
  if (format === 'json') io.out(JSON.stringify(records, null, 2) + '\n');
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(records), null, 2) + '\n');
  else if (format === 'github') io.out(toGithub(records));
  else if (format === 'gitlab') io.out(JSON.stringify(toGitlab(records), null, 2) + '\n');
  else {
    for (const r of records) io.out(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${r.message}\n`);
    const counts = ['error', 'warning', 'info'].map((s) => {
      const n = records.filter((r) => r.severity === s).length;
      return `${n} ${s}${s === 'info' || n === 1 ? '' : 's'}`;
    });
    io.out(`${texts.size} file${texts.size === 1 ? '' : 's'}, ${counts.join(', ')}\n`);
  }
  if (ioErrors) return 2;
  return failsOn(records, failOn) ? 1 : 0;
}
