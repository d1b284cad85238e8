// `certwright lsp --stdio | --node-ipc | --socket=PORT`: the language server (dist/lsp.js).
import { join } from 'node:path';
import { UsageError } from './args';
import type { Io } from './main';

export const LSP_HELP = `Usage: certwright lsp --stdio | --node-ipc | --socket=PORT

Runs the Certwright language server (LSP 3.17) for Neovim, Helix, Zed, Emacs, JetBrains and
VS Code: lint diagnostics (push and pull), certificate diagnostics and hovers, completion, quick
fixes, go to definition, PEM outline and folding. Settings come from the editor's
"certwright" section (workspace/configuration) or initializationOptions.settings.

Options:
  --stdio          talk JSON-RPC over stdin/stdout
  --node-ipc       talk over Node IPC (a client that forks the server)
  --socket=PORT    connect to a client listening on a TCP port

The server runs until the client sends "exit"; see the README section "Other editors".`;

const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;

export async function lsp(argv: string[], io: Io): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { io.out(LSP_HELP + '\n'); return 0; }
  if (!argv.some((a) => TRANSPORT.test(a))) throw new UsageError('lsp needs a transport: --stdio, --node-ipc or --socket=PORT');
  // A computed path: esbuild leaves dist/lsp.js to Node's require at run time (the CLI bundle stays small).
  const load = require;
  (load(join(__dirname, 'lsp.js')) as { run(): void }).run();
  // Never resolves: the server exits the process when the client sends "exit" (or its process ends).
  return new Promise<number>(() => undefined);
}
