// Tests of Certwright as a web extension, run by test/integration/web-runner.mjs inside the
// browser's extension host (a web worker of the VS Code server's workbench in Chromium): no
// Node here. Results go to `.certwright-web-results.json` in the workspace through
// vscode.workspace.fs (the runner reads the file), progress to `.certwright-web-tests.log`.
import * as assert from './assert';
import * as vscode from 'vscode';
import type { WebApi } from '../../../src/web/extension';

const EXT = 'certwright.certwright';
type Case = { title: string; fn: () => Promise<void> };
const cases: Case[] = [];
const test = (title: string, fn: () => Promise<void>) => cases.push({ title, fn });
let api: WebApi;

const root = () => vscode.workspace.workspaceFolders![0].uri;
const ws = (rel: string) => vscode.Uri.joinPath(root(), rel);

async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(ws(rel));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Resolves with the first truthy value of `probe`, re-checked on diagnostics changes and every 100 ms. */
function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (e?: Error, v?: T) => {
      if (done) return;
      done = true;
      clearInterval(tick); clearTimeout(timer); sub.dispose();
      if (e) reject(e); else resolve(v as T);
    };
    const check = async () => {
      try { const v = await probe(); if (v) finish(undefined, v as T); } catch (e) { finish(e as Error); }
    };
    const sub = vscode.languages.onDidChangeDiagnostics(() => void check());
    const tick = setInterval(() => void check(), 100);
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}`)), ms);
    void check();
  });
}

test('runs as a web extension: the browser extension host, no Node', async () => {
  assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  const g = globalThis as Record<string, unknown>;
  assert.equal(typeof g.process === 'object' && (g.process as { versions?: { node?: string } }).versions?.node !== undefined, false, 'no Node process in this host');
  assert.equal(typeof g.importScripts, 'function', 'a web worker');
  const ext = vscode.extensions.getExtension(EXT);
  assert.ok(ext, 'the extension is known');
  api = (await ext.activate()) as WebApi;
  assert.ok(api && api.scanner && api.lint, 'activate() returned the web API');
});

test('the PEM language, a hover and a code lens on a certificate file', async () => {
  const doc = await open('certs/leaf.crt');
  assert.equal(doc.languageId, 'pem');
  const hovers = await waitFor(async () => {
    const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 5));
    return h.length ? h : undefined;
  }, 'a hover');
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /payment-service/);
  assert.match(text, /ECDSA P-256|RSA \d+/);
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
  const titles = lenses.map((l) => l.command?.title ?? '');
  assert.ok(titles.some((t) => /^Certificate · CN=payment-service · expires in \d+ (days|months|years)/.test(t)), titles.join(' | '));
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
  assert.ok(symbols.length >= 1, 'the PEM outline');
});

test('the code lens opens the full decode', async () => {
  const doc = await open('certs/leaf.crt');
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
  const lens = lenses.find((l) => l.command?.command === 'certwright.showDetails')!;
  assert.ok(lens, 'a details lens');
  const editor = await vscode.commands.executeCommand<vscode.TextEditor>(lens.command!.command, ...(lens.command!.arguments ?? []));
  assert.ok(editor, 'an editor opened');
  assert.equal(editor.document.uri.scheme, 'certwright-details');
  assert.match(editor.document.getText(), /payment-service/);
  assert.match(editor.document.getText(), /Source: +certs\/leaf\.crt/);
});

test('PEM diagnostics: an expired certificate is an error', async () => {
  const doc = await open('certs/expired.crt');
  const diags = await waitFor(() => {
    const d = vscode.languages.getDiagnostics(doc.uri);
    return d.some((x) => x.severity === vscode.DiagnosticSeverity.Error) ? d : undefined;
  }, 'diagnostics of certs/expired.crt');
  assert.ok(diags.some((d) => /expired/i.test(d.message)), diags.map((d) => d.message).join(' | '));
});

test('lint in a web worker: an open cert-manager manifest gets the core\'s findings, and edits re-lint', async () => {
  const doc = await open('k8s/certificate.yaml');
  const diags = await waitFor(() => {
    const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'certwright');
    return d.some((x) => x.code === 'duration-syntax') ? d : undefined;
  }, 'lint diagnostics of k8s/certificate.yaml');
  const dur = diags.find((d) => d.code === 'duration-syntax')!;
  assert.equal(dur.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(dur.range.start.line, 8);
  assert.equal(dur.range.start.character, 12);
  assert.ok(diags.some((d) => d.code === 'usage-key-encipherment-ecdsa' && d.severity === vscode.DiagnosticSeverity.Warning));
  assert.equal(api.lint.mode, 'worker', `the findings came from the web worker (${api.lint.fallbackReason})`);
  const editor = await vscode.window.showTextDocument(doc);
  const at = doc.getText().indexOf('90d');
  await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 3)), '2160h'));
  await waitFor(() => !vscode.languages.getDiagnostics(doc.uri).some((x) => x.code === 'duration-syntax'), 'the fixed duration to lose its finding');
  assert.equal(api.lint.mode, 'worker');
});

test('commands that need Node are registered and say they need the desktop instead of failing', async () => {
  const pkg = vscode.extensions.getExtension(EXT)!.packageJSON as { contributes: { commands: Array<{ command: string }> } };
  const registered = new Set(await vscode.commands.getCommands(true));
  for (const c of pkg.contributes.commands) assert.ok(registered.has(c.command), `${c.command} is registered`);
  for (const id of ['certwright.author.createCa', 'certwright.scaffold', 'certwright.cluster.refresh', 'certwright.refresh']) {
    assert.ok(api.desktopOnly.includes(id), `${id} is desktop-only`);
    assert.equal(await vscode.commands.executeCommand(id), undefined);
  }
});

async function write(name: string, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(ws(name), new TextEncoder().encode(text));
}

export async function run(): Promise<void> {
  const result = { passed: 0, failed: 0, failures: [] as Array<{ title: string; error: string }> };
  let log = '';
  for (const c of cases) {
    try {
      await c.fn();
      result.passed++;
      log += `ok - web: ${c.title}\n`;
    } catch (e) {
      result.failed++;
      const error = (e as Error)?.stack ?? String(e);
      result.failures.push({ title: `web: ${c.title}`, error });
      log += `not ok - web: ${c.title}\n  ${error.split('\n').join('\n  ')}\n`;
    }
    await write('.certwright-web-tests.log', log);
  }
  await write('.certwright-web-results.json', JSON.stringify(result, null, 2));
}
