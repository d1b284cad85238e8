// JSON-RPC over a worker port with large texts in parts (src/node/lsp/port.ts): what the VS Code
// extension and its language server thread exchange.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import type { Message } from 'vscode-jsonrpc/node';
import { ChunkedPortReader, ChunkedPortWriter, PART } from '../../src/node/lsp/port';

test('large didOpen and didChange texts arrive whole and in order, sent as parts of 1M characters with pauses between them', async (t) => {
  const { port1, port2 } = new MessageChannel();
  t.after(() => port1.close());
  const raw: unknown[] = [];
  port2.on('message', (m) => raw.push(m));
  let pauses = 0;
  const writer = new ChunkedPortWriter(port1, () => { pauses++; return new Promise((resolve) => setImmediate(resolve)); });
  const reader = new ChunkedPortReader(port2);
  const got: Message[] = [];
  const all = new Promise<void>((resolve) => reader.listen((m) => { got.push(m); if (got.length === 4) resolve(); }));
  const big = 'x'.repeat(2 * PART + 17) + '\u00e9\n';
  const open = { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///big.yaml', languageId: 'yaml', version: 1, text: big } } };
  const small = { jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///big.yaml', version: 2 }, contentChanges: [{ text: 'a' }] } };
  const paste = { jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///big.yaml', version: 3 }, contentChanges: [{ text: 'b' }, { text: big + big }] } };
  const request = { jsonrpc: '2.0', id: 7, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///big.yaml' }, position: { line: 0, character: 0 } } };
  await Promise.all([writer.write(open as Message), writer.write(small as Message), writer.write(paste as Message), writer.write(request as Message)]);
  await all;
  assert.deepEqual(got, [open, small, paste, request]);
  // The originals are untouched, and no single port message carried more than one part.
  assert.equal(open.params.textDocument.text, big);
  const sizes = raw.map((m) => JSON.stringify(m).length);
  assert.ok(Math.max(...sizes) <= PART + 100, `largest message ${Math.max(...sizes)}`);
  assert.equal(raw.length, 3 + 5 + 4, '3 parts for the open, 5 for the paste, then the 4 messages');
  assert.equal(pauses, 8);
});
