// Words of VS Code for the Web (no `vscode` import: unit-tested).

/** Shown by every command that needs Node. */
export function needsDesktopMessage(title: string): string {
  return `Certwright: "${title}" needs VS Code desktop (or a remote window): it reads or writes files, or talks to a cluster. In VS Code for the Web, hovers, code lenses, diagnostics and lint work on open documents.`;
}
