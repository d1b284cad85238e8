// Loads dist/extension.js with a stand-in `vscode` module (every API call succeeds and
// returns a disposable) and prints the milliseconds for require + activate().
// With a second argument `start`, it then also waits until the language client has started and
// the server (dist/lsp.js in a worker thread) has published its first lint of an empty
// workspace, and prints JSON: {activateMs, startMs, longestBlockMs, blocks}, where
// longestBlockMs is the longest stretch the thread was busy between two turns of its event loop
// from activate()'s return to that first lint (loading dist/lint-client.js, starting the client
// and the worker, the initialize exchange, registering the client's features).
const Module = require('node:module');
const { performance } = require('node:perf_hooks');
const handler = {
  get(target, prop) {
    if (prop === 'then') return undefined;
    if (prop === Symbol.toPrimitive) return () => '';
    if (!(prop in target)) target[prop] = fake();
    return target[prop];
  },
  apply() { return fake(); },
  construct() { return fake(); },
};
function fake() {
  const f = function () {};
  f.dispose = () => {};
  return new Proxy(f, handler);
}
// Real objects for the namespaces and classes the bundle reads (esbuild copies own keys).
const NAMES = ['window', 'workspace', 'languages', 'commands', 'env', 'extensions', 'Uri', 'Range', 'Position',
  'Selection', 'Disposable', 'EventEmitter', 'DiagnosticSeverity', 'Diagnostic', 'TreeItem', 'TreeItemCollapsibleState',
  'ThemeIcon', 'ThemeColor', 'MarkdownString', 'Hover', 'CodeLens', 'DocumentSymbol', 'SymbolKind', 'FoldingRange',
  'ViewColumn', 'TextEditorRevealType', 'RelativePattern', 'ProgressLocation', 'ConfigurationTarget', 'CodeAction',
  'CodeActionKind', 'WorkspaceEdit', 'CompletionItem', 'CompletionItemKind', 'SnippetString', 'StatusBarAlignment', 'l10n'];
// Any other name (vscode-languageclient extends DocumentLink, InlayHint, ...) is made on first read.
const vscode = new Proxy({}, handler);
for (const n of NAMES) vscode[n] = fake();
vscode.version = '1.96.0';
// An empty window: no folders, no open documents (the language client reads both when it starts).
vscode.workspace.workspaceFolders = undefined;
vscode.workspace.textDocuments = [];
vscode.workspace.rootPath = undefined;
vscode.workspace.isTrusted = true;
// Values the client sends in its initialize request (they cross to the worker thread: no functions).
vscode.workspace.getConfiguration = () => ({ get: (_key, fallback) => fallback, inspect: () => undefined, has: () => false, update: async () => undefined });
vscode.env.language = 'en';
vscode.env.appName = 'stand-in';
for (const m of ['showErrorMessage', 'showWarningMessage', 'showInformationMessage']) vscode.window[m] = async () => undefined;
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, ...rest);
};
const subscriptions = [];
const t0 = performance.now();
const ext = require(process.argv[2]);
const api = ext.activate({ subscriptions, extensionUri: fake(), extensionPath: require('node:path').resolve(process.argv[2], '..', '..'), globalState: fake(), workspaceState: fake() });
const ms = performance.now() - t0;
if (process.argv[3] !== 'start') {
  process.stdout.write(ms.toFixed(2) + '\n');
  process.exit(0);
}
// Turns of the event loop: setImmediate runs once per turn, so the time between two runs is
// how long the thread was busy with everything else in between.
let last = performance.now(), longest = 0, turns = 0, done = false;
const blocks = [];
(function probe() {
  const now = performance.now();
  const gap = now - last;
  if (gap > longest) longest = gap;
  if (gap > 5) blocks.push(Math.round(gap * 10) / 10);
  last = now;
  turns++;
  if (!done) setImmediate(probe);
})();
const timeout = setTimeout(() => { process.stderr.write('the language client did not report a first lint within 60 s\n'); process.exit(1); }, 60000);
api.lint.start().then(() => {
  done = true;
  clearTimeout(timeout);
  const startMs = performance.now() - t0 - ms;
  if (!api.lint.started) { process.stderr.write('the language client did not start\n'); process.exit(1); }
  process.stdout.write(JSON.stringify({ activateMs: ms, startMs, longestBlockMs: longest, turns, blocks }) + '\n');
  process.exit(0);
});
