// `certwright lint [--format text|json|sarif] [--fail-on error|warning] PATH...`
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { lintTexts, LINT_RULES, LintFinding, shownSeverity } from '../core/lint/index';
import { LineIndex } from '../core/lines';
import { walkRespectingGitignore } from '../node/gitignore';
import { parseArgs, UsageError } from './args';
import type { Io } from './main';

export const LINT_HELP = `Usage: certwright lint [--format text|json|sarif] [--fail-on error|warning] PATH...

Lints cert-manager, trust-manager, csi-driver, SPIRE and Istio YAML (and the URLs and
spire-server commands in code and scripts) with the same rules as the editor. Folders are
walked; .gitignore is respected.

Options:
  --format text|json|sarif   output format (default text); sarif is SARIF 2.1.0
  --fail-on error|warning    exit 1 when a finding reaches this severity (default error)

Exit status: 0 nothing reaches --fail-on, 1 something does, 2 usage or I/O error.`;

const LINTED = /\.(ya?ml|go|py|js|mjs|cjs|ts|tsx|jsx|sh|bash|conf|hcl|md|env)$/i;
const MAX_BYTES = 10 * 1024 * 1024;

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

export function toJsonFindings(findings: LintFinding[], texts: Map<string, string>, display: (p: string) => string): JsonFinding[] {
  const indexes = new Map<string, LineIndex>();
  return findings.map((f) => {
    let idx = indexes.get(f.file);
    const text = texts.get(f.file) ?? '';
    if (!idx) indexes.set(f.file, (idx = new LineIndex(text)));
    // Never NaN or out of range in the output (SARIF consumers reject the whole log for one).
    const start = clampOffset(f.start, text.length);
    const a = idx.position(start);
    const b = idx.position(Math.max(start, clampOffset(f.end, text.length)));
    return {
      file: display(f.file), line: a.line + 1, column: a.character + 1, endLine: b.line + 1, endColumn: b.character + 1,
      severity: shownSeverity(f.severity), code: f.code, message: f.message,
    };
  });
}

function clampOffset(n: number, length: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(0, Math.floor(n)), length) : 0;
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
      results: records.map((r) => {
        const line = sarifPosition(r.line), column = sarifPosition(r.column);
        const endLine = sarifPosition(r.endLine, line);
        return {
          ruleId: r.code,
          ruleIndex: codes.indexOf(r.code),
          level: level(r.severity),
          message: { text: r.message },
          locations: [{
            physicalLocation: {
              artifactLocation: { uri: r.file.split('\\').join('/').replace(/^\.\//, '') },
              region: { startLine: line, startColumn: column, endLine, endColumn: sarifPosition(r.endColumn, line === endLine ? column + 1 : 1) },
            },
          }],
        };
      }),
    }],
  };
}

export async function lint(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { options: ['format', 'fail-on'] });
  if (args.flags.has('help')) { io.out(LINT_HELP + '\n'); return 0; }
  const format = args.options.get('format') ?? 'text';
  const failOn = args.options.get('fail-on') ?? 'error';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  if (!['error', 'warning'].includes(failOn)) throw new UsageError(`--fail-on must be error or warning, not "${failOn}"`);
  if (!args.positionals.length) throw new UsageError('lint needs at least one file or folder');
  const files: string[] = [];
  // A file or folder that cannot be read is reported (exit 2 at the end); the others are still linted.
  let ioErrors = 0;
  const unreadable = (f: string, e: Error) => {
    io.err(`certwright: cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? e.message}\n`);
    ioErrors++;
  };
  for (const p of args.positionals) {
    try {
      statSync(p);
      for (const f of walkRespectingGitignore(p, (f) => LINTED.test(f), undefined, unreadable)) files.push(f);
    } catch (e) {
      io.err(`certwright: cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
  }
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
  const records = toJsonFindings(findings, texts, display);
  if (format === 'json') io.out(JSON.stringify(records, null, 2) + '\n');
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(records), null, 2) + '\n');
  else {
    for (const r of records) io.out(`${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${r.message}\n`);
    const counts = ['error', 'warning', 'info'].map((s) => {
      const n = records.filter((r) => r.severity === s).length;
      return `${n} ${s}${s === 'info' || n === 1 ? '' : 's'}`;
    });
    io.out(`${texts.size} files, ${counts.join(', ')}\n`);
  }
  if (ioErrors) return 2;
  const failing = records.some((r) => r.severity === 'error' || (failOn === 'warning' && r.severity === 'warning'));
  return failing ? 1 : 0;
}
