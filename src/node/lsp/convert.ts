// From the core's findings, fixes and objects to LSP 3.17 values. The core gives offsets and
// 0-based line/column positions (UTF-16, as LSP counts): nothing here needs an open editor.
import type { CodeAction, Diagnostic, DocumentSymbol, Range } from 'vscode-languageserver/node';
import { keyDescription, TYPE_TITLES } from '../../core/describe';
import { RULES as CERTIFICATE_RULES, type Finding } from '../../core/diagnostics';
import { RULES as LINT_RULE_LIST, shownSeverity, type LintFinding } from '../../core/lint/index';
import { ruleAnchor } from '../../core/lint/registry';
import type { FoundObject } from '../../core/scan';

/** Where every rule is documented: the README's tables, one anchored row per code. */
export const README_URL = 'https://github.com/certwright/certwright/blob/main/README.md';
const LINT_CODES = new Set(LINT_RULE_LIST.map((r) => r.code));

/** The README anchor of a certificate finding code's row ("Certificate diagnostic codes"). */
export const certificateAnchor = (code: string): string => `cert-${code}`;

/**
 * The documentation link of a finding code (`codeDescription.href`): its own row of the lint rule
 * table, or of the certificate diagnostic codes (a unit test checks every anchor exists).
 */
export function ruleUrl(code: string): string {
  if (LINT_CODES.has(code)) return `${README_URL}#${ruleAnchor(code)}`;
  if (Object.hasOwn(CERTIFICATE_RULES, code)) return `${README_URL}#${certificateAnchor(code)}`;
  return `${README_URL}#what-it-does`;
}

export const SOURCE = 'certwright';

/** LSP DiagnosticSeverity: 1 error, 2 warning, 3 information, 4 hint. */
type Severity = 1 | 2 | 3 | 4;

/** The same three levels as the CLI and VS Code (a core "hint" shows as information everywhere). */
export function lspSeverity(s: LintFinding['severity']): Severity {
  const shown = shownSeverity(s);
  return shown === 'error' ? 1 : shown === 'warning' ? 2 : 3;
}

export function rangeOf(p: { line?: number; column?: number; endLine?: number; endColumn?: number }): Range {
  const line = p.line ?? 0, character = p.column ?? 0;
  return { start: { line, character }, end: { line: p.endLine ?? line, character: p.endColumn ?? character } };
}

/** Text as shown to the user: the server passes one that makes the paths in it workspace-relative. */
export type Shown = (text: string) => string;
const asIs: Shown = (text) => text;

/** A lint finding as a diagnostic; `uriOf` turns the core's file keys into URIs. */
export function lintDiagnostic(f: LintFinding, uriOf: (file: string) => string, shown: Shown = asIs): Diagnostic {
  const d: Diagnostic = {
    range: rangeOf(f),
    severity: lspSeverity(f.severity),
    code: f.code,
    codeDescription: { href: ruleUrl(f.code) },
    source: SOURCE,
    message: shown(f.message),
  };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => ({ location: { uri: uriOf(r.file), range: rangeOf(r) }, message: shown(r.message) }));
  return d;
}

/** A certificate finding (expired, weak key, ...) of an open document; `range` converts its offsets. */
export function certificateDiagnostic(f: Finding, range: (start: number, end: number) => Range): Diagnostic {
  const severity: Severity = f.severity === 'error' ? 1 : f.severity === 'warning' ? 2 : f.severity === 'info' ? 3 : 4;
  return { range: range(f.start, f.end), severity, code: f.code, codeDescription: { href: ruleUrl(f.code) }, source: SOURCE, message: f.message };
}

/** Every quick fix of the findings that touch [start, end] of a file. */
export function quickFixes(
  findings: LintFinding[], start: number, end: number, uriOf: (file: string) => string,
  rangeIn: (file: string, start: number, end: number) => Range, diagnostics: Diagnostic[], shown: Shown = asIs,
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const f of findings) {
    if (!f.fixes?.length || f.end < start || f.start > end) continue;
    const r = rangeOf(f);
    const matching = diagnostics.filter((d) => d.code === f.code && d.range.start.line === r.start.line && d.range.start.character === r.start.character);
    for (const fix of f.fixes) {
      const changes: Record<string, Array<{ range: Range; newText: string }>> = {};
      for (const e of fix.edits) (changes[uriOf(e.file)] ??= []).push({ range: rangeIn(e.file, e.start, e.end), newText: e.newText });
      out.push({ title: shown(fix.title), kind: 'quickfix', edit: { changes }, isPreferred: f.fixes.length === 1, diagnostics: matching.length ? matching : [lintDiagnostic(f, uriOf, shown)] });
    }
  }
  return out;
}

/** LSP SymbolKind numbers, as the VS Code outline shows PEM blocks. */
const SYMBOL_KINDS: Record<string, number> = { certificate: 5, csr: 11, 'private-key': 20, 'public-key': 8, crl: 18 };

/** Outline entries for the PEM blocks of a file; `range` converts offsets, `lineEnd` gives a line's end. */
export function pemSymbols(objects: FoundObject[], range: (start: number, end: number) => Range, lineEnd: (line: number) => number): DocumentSymbol[] {
  return objects.map((o) => {
    const r = range(o.start, o.end);
    const selectionRange = { start: r.start, end: { line: r.start.line, character: lineEnd(r.start.line) } };
    if (!o.result.ok) return { name: `${o.label ?? 'block'} (cannot decode)`, detail: o.result.error, kind: 21, range: r, selectionRange };
    const x = o.result.object;
    const name = x.type === 'certificate' || x.type === 'csr' ? x.subject.commonName ?? (x.subject.rfc4514 || '(empty subject)') : x.type === 'crl' ? x.issuer.commonName ?? x.issuer.rfc4514 : keyDescription(x.publicKey);
    return { name: name || TYPE_TITLES[x.type], detail: TYPE_TITLES[x.type], kind: SYMBOL_KINDS[x.type] as DocumentSymbol['kind'], range: r, selectionRange };
  });
}

/** The objects of one bundle (contiguous PEM blocks, or one base64 value) around the object at `offset`. */
export function bundleAt(objects: FoundObject[], offset: number): FoundObject[] {
  const i = objects.findIndex((o) => o.start <= offset && offset <= o.end);
  if (i < 0) return [];
  const group = objects[i].group;
  let a = i, b = i;
  while (a > 0 && objects[a - 1].group === group) a--;
  while (b < objects.length - 1 && objects[b + 1].group === group) b++;
  return objects.slice(a, b + 1);
}

/**
 * Where a completion replaces text on its line: from after `key: ` or `- ` up to the end of the
 * word under the cursor (undefined: insert at the cursor).
 */
export function completionSpan(lineText: string, character: number): { start: number; end: number } | undefined {
  const colon = lineText.indexOf(': ');
  const dash = lineText.search(/-\s/);
  const start = Math.max(colon >= 0 && colon < character ? colon + 2 : -1, dash >= 0 && dash < character ? dash + 2 : -1);
  if (start < 0) return undefined;
  let end = character;
  while (end < lineText.length && /[A-Za-z0-9/:.* -]/.test(lineText[end])) end++;
  return { start, end: Math.max(character, end) };
}
