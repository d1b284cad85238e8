// dist/lsp.js: the language server's bundle. Loaded by `certwright lsp` (src/cli/lsp.ts), run
// directly (`node dist/lsp.js --stdio`), or started as a worker thread by the VS Code extension
// (src/vscode/lint.ts: no process, so it runs in Restricted Mode too). As a process, the
// transport comes from its arguments: --stdio, --node-ipc, --socket=PORT, --pipe=NAME.
import { isMainThread, parentPort } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ChunkedPortReader, ChunkedPortWriter } from './port';
import { startServer } from './server';

export function run(): void {
  startServer(createConnection(ProposedFeatures.all));
}

if (!isMainThread && parentPort) startServer(createConnection(ProposedFeatures.all, new ChunkedPortReader(parentPort), new ChunkedPortWriter(parentPort)));
else if (require.main === module) run();
