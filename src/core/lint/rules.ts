// The findings' reporter and LINT_RULES (code -> severity and documentation), built from the rule
// registry (./registry.ts), where every rule is declared.
import type { Node } from 'yaml';
import type { Severity } from '../diagnostics';
import { Fix, LintFinding, Manifest, ParsedFile, range } from './model';
import { RULES } from './registry';

export interface RuleInfo { severity: Severity; summary: string; details: string; action: string; why: string; kinds: string[] }

/** Every rule's code -> severity and documentation, from the registry (src/core/lint/registry.ts). */
export const LINT_RULES: Record<string, RuleInfo> = Object.fromEntries(
  RULES.map((r) => [r.code, { severity: r.severity, summary: r.summary, details: r.details, action: r.action, why: r.why, kinds: r.kinds }]),
);

/** Collects findings for one lint run. */
export class Reporter {
  readonly findings: LintFinding[] = [];

  at(file: ParsedFile | { path: string }, start: number, end: number, code: string, message: string, fixes?: Fix[]): void {
    const info = LINT_RULES[code];
    if (!info) throw new Error(`unknown rule ${code}`);
    this.findings.push({ file: file.path, start, end: Math.max(end, start), severity: info.severity, code, message, fixes });
  }

  node(m: Manifest, node: Node | undefined, code: string, message: string, fixes?: Fix[]): void {
    const [s, e] = node ? range(node) : keyRangeOfObject(m);
    this.at(m.file, s, e, code, message, fixes);
  }
}

/** The `kind:` value range, where object-level findings point when no field exists. */
export function keyRangeOfObject(m: Manifest): [number, number] {
  const kind = m.root.items.find((p) => (p.key as { value?: unknown })?.value === 'kind');
  const v = kind?.value as Node | undefined;
  return v ? range(v) : range(m.root);
}

/** Moves findings (and their fixes' edits in the same file) by `delta` characters. */
export function shiftFindings(findings: LintFinding[], delta: number): void {
  if (!delta) return;
  for (const f of findings) {
    f.start += delta;
    f.end += delta;
    for (const fix of f.fixes ?? []) for (const e of fix.edits) if (e.file === f.file) { e.start += delta; e.end += delta; }
  }
}
