// The severities lint findings are shown with, in the editor and the CLI alike. A module of its
// own (no imports) so the extension's main bundle can map severities without loading the linter.

/** What lint rules report: `hint` is not used (the editor and the CLI show the same severity). */
export type RuleSeverity = 'error' | 'warning' | 'info';

/** The one mapping from a finding's severity to what the editor and the CLI show (`hint` shows as `info`). */
export function shownSeverity(s: string): RuleSeverity {
  return s === 'error' || s === 'warning' ? s : 'info';
}
