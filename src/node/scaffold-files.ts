// Modes of scaffolded files: the Python and Node entry points are executable (they start with a
// #! line), everything else 0644. Shared by the CLI and the editor command.
export function scaffoldFileMode(path: string): number {
  return /\.(py|mjs)$/.test(path) ? 0o755 : 0o644;
}
