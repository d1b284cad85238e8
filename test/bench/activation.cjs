// Loads dist/extension.js with a stand-in `vscode` module (every API call succeeds and
// returns a disposable) and prints the milliseconds for require + activate().
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
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  return load.call(this, request, ...rest);
};
const subscriptions = [];
const t0 = performance.now();
const ext = require(process.argv[2]);
ext.activate({ subscriptions, extensionUri: fake(), extensionPath: process.cwd(), globalState: fake(), workspaceState: fake() });
const ms = performance.now() - t0;
process.stdout.write(ms.toFixed(2) + '\n');
process.exit(0);
