// The linter's entry: files in, findings out. Same core for the editor and `certwright lint`.
import type { LintFinding } from './model';
import { Reporter } from './rules';
import { certManagerRules } from './rules/certmanager';
import { crossFileRules } from './rules/crossfile';
import { spiffeRules } from './rules/spiffe';
import { trustRules } from './rules/trust';
import { Workspace } from './workspace';

export type { LintFinding, Fix, TextEdit } from './model';
export { LINT_RULES } from './rules';
export { Workspace } from './workspace';

export interface LintInput {
  path: string;
  text: string;
}

/** Lints a set of files together (cross-file rules see all of them). Never throws. */
export function lintWorkspace(ws: Workspace): LintFinding[] {
  const r = new Reporter();
  for (const f of ws.files.values()) r.findings.push(...f.syntax);
  const steps: Array<() => void> = [
    () => certManagerRules(r, ws.manifests),
    () => trustRules(r, ws),
    () => crossFileRules(r, ws),
    () => spiffeRules(r, ws),
  ];
  for (const step of steps) {
    try {
      step();
    } catch (e) {
      // A rule bug must not take the others down; it is reported, not thrown.
      r.findings.push({ file: [...ws.files.keys()][0] ?? '', start: 0, end: 0, severity: 'info', code: 'internal', message: `internal linter error: ${(e as Error).message}` });
    }
  }
  const seen = new Set<string>();
  return r.findings
    .filter((f) => {
      const k = `${f.file}|${f.start}|${f.end}|${f.code}|${f.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start));
}

export function lintTexts(files: LintInput[]): LintFinding[] {
  return lintWorkspace(new Workspace(files));
}
