// dist/lsp.js: the language server's bundle. Loaded by `certwright lsp` (src/cli/lsp.ts), or run
// directly (`node dist/lsp.js --stdio`, and the VS Code extension's client with --node-ipc).
// The transport comes from the process's arguments: --stdio, --node-ipc, --socket=PORT, --pipe=NAME.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

export function run(): void {
  startServer(createConnection(ProposedFeatures.all));
}

if (require.main === module) run();
