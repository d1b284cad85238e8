// The language server (`certwright lsp --stdio`) at the protocol level: a real process, JSON-RPC
// over stdio (vscode-jsonrpc), every capability with exact codes and ranges.
import { SETTINGS } from '../../src/vscode/ids';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { generate } from '../bench/lint-bench';
import { Diag, LspClient, uri } from '../support/lsp-client';
import { cacertsFiles, PKI } from './mesh-pki';
import { ROOT } from './helpers';

const README = 'https://github.com/certwright/certwright/blob/main/README.md';
const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
/** code @ range, the shape most assertions compare. */
const brief = (ds: Diag[] | undefined) => (ds ?? []).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}/${d.severity}`);

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'certwright-lsp-'));
  cpSync(join(ROOT, 'test', 'fixtures', 'lsp'), root, { recursive: true });
  return root;
}

const ISSUER_DIAGS = ['ca-secret-not-produced@8:16-8:27/3', 'duration-syntax@17:15-17:17/1'];

describe('language server over stdio, push diagnostics', () => {
  let root: string;
  let c: LspClient;
  let capabilities: Record<string, unknown>;
  const file = (name: string) => join(root, name);
  const diags = (name: string) => c.diagnostics.get(uri(file(name)));

  before(async () => {
    root = workspace();
    c = new LspClient({ root, repo: ROOT, configuration: {} });
    capabilities = (await c.initialize()).capabilities;
    await c.until(() => c.progress.some((p) => p.value.kind === 'end') && diags('issuer.yaml') && diags('other-ns.yaml'), 'the initial scan');
  });

  after(async () => {
    assert.equal(await c.shutdown(), 0, 'shutdown + exit ends the process with 0');
    rmSync(root, { recursive: true, force: true });
  });

  test('initialize: incremental sync and every capability; push model when the client cannot pull', () => {
    assert.deepEqual(capabilities, {
      textDocumentSync: { openClose: true, change: 2 },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [' ', ':', '-', '/'] },
      definitionProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    });
  });

  test('initial scan: $/progress begin and end; settings read through workspace/configuration; file watching registered dynamically', () => {
    const kinds = c.progress.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.equal(c.progress[0].value.title, 'Certwright');
    assert.deepEqual(c.configRequests[0], { items: [{ section: 'certwright' }] });
    const watch = c.registrations.find((x) => x.method === 'workspace/didChangeWatchedFiles');
    // The lint's files, and certificate files (certificate diagnostics of closed files).
    assert.deepEqual(watch?.registerOptions, { watchers: [...SETTINGS.lintInclude.default, '**/*.{pem,crt,cer,cert,csr,key,ca-bundle}'].map((globPattern) => ({ globPattern })) });
  });

  test('closed files: diagnostics at their real lines, with code, severity, code description, source and related information', () => {
    assert.deepEqual(brief(diags('issuer.yaml')), ISSUER_DIAGS);
    assert.deepEqual(brief(diags('certificate.yaml')), ['duration-syntax@7:12-7:15/1']);
    const d = diags('certificate.yaml')![0];
    assert.equal(d.source, 'certwright');
    assert.deepEqual(d.codeDescription, { href: `${README}#rule-duration-syntax` });
    assert.match(d.message, /write "2160h"/);
    const mismatch = diags('other-ns.yaml')!;
    assert.deepEqual(brief(mismatch), ['issuer-namespace-mismatch@10:10-10:17/2']);
    assert.deepEqual(mismatch[0].relatedInformation, [{ location: { uri: uri(file('issuer.yaml')), range: r(4, 8, 4, 15) }, message: 'Issuer "shop-ca" in namespace shop: the issuer this names' }]);
    // Files without findings get nothing; PEM files are not linted.
    assert.equal(diags('tls.pem'), undefined);
  });

  test('certificate diagnostics of closed files: the workspace scan publishes them at their real ranges; a watched change re-reads them', async () => {
    await c.until(() => diags('old.crt')?.length, 'the closed certificate file');
    assert.deepEqual(brief(diags('old.crt')), ['expired@0:0-13:25/1'], 'never opened, published by the scan');
    assert.deepEqual(diags('old.crt')![0].codeDescription, { href: `${README}#cert-expired` });
    // The same expired certificate, two lines down, in a closed file that appears on disk.
    const moved = file('moved.pem');
    writeFileSync(moved, `# renewed soon\n\n${readFileSync(file('old.crt'), 'utf8')}`);
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(moved), type: 1 }] });
    await c.until(() => diags('moved.pem')?.length, 'the new certificate file');
    assert.deepEqual(brief(diags('moved.pem')), ['expired@2:0-15:25/1']);
    rmSync(moved);
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(moved), type: 3 }] });
    await c.until(() => diags('moved.pem')?.length === 0, 'a deleted certificate file loses its diagnostics');
    // A base64 certificate in a closed YAML Secret, at the value.
    const secret = file('old-secret.yaml');
    writeFileSync(secret, `apiVersion: v1\nkind: Secret\nmetadata:\n  name: old-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${Buffer.from(readFileSync(file('old.crt'), 'utf8')).toString('base64')}\n`);
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(secret), type: 1 }] });
    await c.until(() => diags('old-secret.yaml')?.some((d) => d.code === 'expired'), 'the closed Secret');
    const expired = diags('old-secret.yaml')!.find((d) => d.code === 'expired')!;
    assert.deepEqual([expired.range.start.line, expired.range.start.character], [6, 11]);
    rmSync(secret);
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(secret), type: 3 }] });
    await c.until(() => diags('old-secret.yaml')?.length === 0, 'the deleted Secret');
  });

  test('code action: the quick fix of a finding, as a workspace edit with the finding attached', async () => {
    await c.open(file('certificate.yaml'), readFileSync(file('certificate.yaml'), 'utf8'));
    const actions = await c.request<Array<{ title: string; kind: string; isPreferred: boolean; edit: { changes: Record<string, unknown> }; diagnostics: Diag[] }>>('textDocument/codeAction', {
      textDocument: { uri: uri(file('certificate.yaml')) }, range: r(7, 13, 7, 13), context: { diagnostics: diags('certificate.yaml') },
    });
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [['Change to 2160h', 'quickfix', true]]);
    assert.deepEqual(actions[0].edit.changes, { [uri(file('certificate.yaml'))]: [{ range: r(7, 12, 7, 15), newText: '2160h' }] });
    assert.deepEqual(brief(actions[0].diagnostics), ['duration-syntax@7:12-7:15/1']);
    // Nowhere near a finding: nothing.
    const none = await c.request<unknown[]>('textDocument/codeAction', { textDocument: { uri: uri(file('certificate.yaml')) }, range: r(2, 0, 2, 0), context: { diagnostics: [] } });
    assert.deepEqual(none, []);
  });

  test('incremental didChange: the finding goes; hover says the duration in words', async () => {
    const u = uri(file('certificate.yaml'));
    const before = c.published.length;
    await c.change(file('certificate.yaml'), 2, [{ range: r(7, 12, 7, 15), text: '720h' }]);
    await c.until(() => c.published.slice(before).some((p) => p.uri === u && p.diagnostics.length === 0), 'the fixed document');
    assert.deepEqual(brief(diags('certificate.yaml')), []);
    const hover = await c.request<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri: u }, position: { line: 7, character: 4 } });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /\*\*Certificate `spec.duration`\*\*/);
    assert.match(hover.contents.value, /This certificate lives 30 days, renews after 20 days, 10 days before expiry/);
  });

  // g18: after a version without certificates, only the edited region is looked at for one.
  test('an open document without certificates: a certificate typed in by an incremental change is found, and goes when deleted', async () => {
    const path = file('typed-secret.yaml');
    const u = uri(path);
    const text = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: typed-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: x\n';
    await c.open(path, text);
    await c.until(() => c.published.some((p) => p.uri === u), 'the document linted');
    assert.ok(!diags('typed-secret.yaml')?.some((d) => d.code === 'expired'));
    const b64 = Buffer.from(readFileSync(file('old.crt'), 'utf8')).toString('base64');
    await c.change(path, 2, [{ range: r(6, 11, 6, 12), text: b64 }]);
    await c.until(() => diags('typed-secret.yaml')?.some((d) => d.code === 'expired'), 'the typed certificate');
    const expired = diags('typed-secret.yaml')!.find((d) => d.code === 'expired')!;
    assert.deepEqual([expired.range.start.line, expired.range.start.character], [6, 11]);
    await c.change(path, 3, [{ range: r(6, 11, 6, 11 + b64.length), text: 'x' }]);
    await c.until(() => !diags('typed-secret.yaml')?.some((d) => d.code === 'expired'), 'the certificate deleted');
    await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
  });

  test('completion: values of the field at the cursor, replacing the value', async () => {
    const items = await c.request<Array<{ label: string; kind: number; textEdit?: { range: unknown; newText: string } }>>('textDocument/completion', {
      textDocument: { uri: uri(file('certificate.yaml')) }, position: { line: 9, character: 16 },
    });
    assert.deepEqual(items.map((i) => i.label), ['ECDSA', 'RSA', 'Ed25519']);
    assert.deepEqual(items[0].textEdit, { range: r(9, 15, 9, 20), newText: 'ECDSA' });
    assert.equal(items[0].kind, 20);
  });

  test('go to definition: issuerRef.name to the Issuer in a closed file', async () => {
    const locs = await c.request<unknown[]>('textDocument/definition', { textDocument: { uri: uri(file('certificate.yaml')) }, position: { line: 13, character: 10 } });
    assert.deepEqual(locs, [{ uri: uri(file('issuer.yaml')), range: r(1, 0, 9, 0) }]);
  });

  test('PEM files: outline, folding, certificate card on hover, certificate diagnostics', async () => {
    const pem = file('tls.pem');
    await c.open(pem, readFileSync(pem, 'utf8'), 'pem');
    const symbols = await c.request<Array<{ name: string; detail: string; kind: number; range: unknown; selectionRange: unknown }>>('textDocument/documentSymbol', { textDocument: { uri: uri(pem) } });
    assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.kind]), [['payment-service', 'Certificate', 5], ['Certwright Test Intermediate CA', 'Certificate', 5], ['Certwright Test Root CA', 'Certificate', 5]]);
    assert.deepEqual(symbols[1].range, r(17, 0, 30, 25));
    assert.deepEqual(symbols[1].selectionRange, r(17, 0, 17, 27));
    const folds = await c.request('textDocument/foldingRange', { textDocument: { uri: uri(pem) } });
    assert.deepEqual(folds, [{ startLine: 0, endLine: 16 }, { startLine: 17, endLine: 30 }, { startLine: 31, endLine: 44 }]);
    const hover = await c.request<{ contents: { value: string }; range: unknown }>('textDocument/hover', { textDocument: { uri: uri(pem) }, position: { line: 20, character: 3 } });
    assert.match(hover.contents.value, /^\*\*Certificate\*\* `CN=payment-service` — 1 of 3\n/);
    assert.match(hover.contents.value, /\n\*\*Certificate\*\* `CN=Certwright Test Intermediate CA` — 2 of 3 \(here\)\n/);
    assert.match(hover.contents.value, /SHA-256/);
    assert.deepEqual(hover.range, r(17, 0, 30, 25));
    const old = file('old.crt');
    await c.open(old, readFileSync(old, 'utf8'), 'pem');
    await c.until(() => diags('old.crt')?.length, 'the expired certificate');
    assert.deepEqual(brief(diags('old.crt')), ['expired@0:0-13:25/1']);
    assert.deepEqual(diags('old.crt')![0].codeDescription, { href: `${README}#cert-expired` });
    await c.close(old);
    // Closed again: the diagnostics of its text on disk (the same certificate) stay.
    const closedAt = c.published.length;
    await c.until(() => c.published.slice(closedAt).some((p) => p.uri === uri(old)), 'the closed PEM file published again');
    assert.deepEqual(brief(diags('old.crt')), ['expired@0:0-13:25/1']);
  });

  test('certificate card for a base64 value in YAML (a Secret)', async () => {
    const pem = readFileSync(file('tls.pem'), 'utf8');
    const leaf = pem.slice(0, pem.indexOf('-----END CERTIFICATE-----') + 25) + '\n';
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${Buffer.from(leaf).toString('base64')}\n`;
    const path = file('secret.yaml');
    await c.open(path, secret);
    const hover = await c.request<{ contents: { value: string }; range: unknown }>('textDocument/hover', { textDocument: { uri: uri(path) }, position: { line: 6, character: 20 } });
    assert.match(hover.contents.value, /`CN=payment-service`/);
    assert.deepEqual((hover.range as { start: unknown }).start, { line: 6, character: 11 });
    await c.close(path);
  });

  test('watched files: a closed file changed on disk is re-read and re-linted', async () => {
    const path = file('issuer.yaml');
    writeFileSync(path, readFileSync(path, 'utf8').replace('renewBefore: 5d', 'renewBefore: 120h'));
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(path), type: 2 }] });
    await c.until(() => diags('issuer.yaml')?.length === 1, 'the re-read file');
    assert.deepEqual(brief(diags('issuer.yaml')), ['ca-secret-not-produced@8:16-8:27/3']);
    rmSync(file('other-ns.yaml'));
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file('other-ns.yaml')), type: 3 }] });
    await c.until(() => diags('other-ns.yaml')?.length === 0, 'a deleted file loses its diagnostics');
  });

  test('watched files: a folder written at once whose first files the watcher missed (parcel-bundler/watcher#243) is read whole from the one event that arrives', async () => {
    // Istio's plug-in CA files, cert-chain.pem holding the root twice; only cert-chain.pem's creation is reported.
    const set = cacertsFiles('plugin/cluster9', { ca: PKI.inter.cert, key: PKI.inter.key, root: PKI.root.cert, chain: PKI.inter.cert + PKI.root.cert + PKI.root.cert });
    mkdirSync(file('plugin/cluster9'), { recursive: true });
    for (const f of set) writeFileSync(file(f.path), f.text);
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file('plugin/cluster9/cert-chain.pem')), type: 1 }] });
    await c.until(() => diags('plugin/cluster9/cert-chain.pem')?.length, 'the finding that needs the unreported ca-cert.pem');
    const at = readFileSync(file('plugin/cluster9/cert-chain.pem'), 'utf8').split('\n').length - 1;
    assert.deepEqual(brief(diags('plugin/cluster9/cert-chain.pem')), [`istio-root-repeated@${at - PKI.root.cert.trimEnd().split('\n').length}:0-${at - 1}:${PKI.root.cert.trimEnd().split('\n').at(-1)!.length}/2`]);
    // A second file in the folder, now known: nothing else is listed; deleting the folder's files clears the finding.
    for (const f of set) rmSync(file(f.path));
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: set.map((f) => ({ uri: uri(file(f.path)), type: 3 })) });
    await c.until(() => diags('plugin/cluster9/cert-chain.pem')?.length === 0, 'the deleted folder loses its finding');
  });

  test('watched files: a folder renamed away is one Deleted event for the folder; its files\' findings go with it (lint and certificate findings)', async () => {
    const set = cacertsFiles('plugin/cluster8', { ca: PKI.inter.cert, key: PKI.inter.key, root: PKI.root.cert, chain: PKI.inter.cert + PKI.root.cert + PKI.root.cert });
    mkdirSync(file('plugin/cluster8'), { recursive: true });
    for (const f of set) writeFileSync(file(f.path), f.text);
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: set.map((f) => ({ uri: uri(file(f.path)), type: 1 })) });
    await c.until(() => diags('plugin/cluster8/cert-chain.pem')?.length, 'the folder\'s finding');
    // mv plugin/cluster8 elsewhere: the watcher reports the folder only.
    renameSync(file('plugin/cluster8'), join(mkdtempSync(join(tmpdir(), 'certwright-lsp-moved-')), 'cluster8'));
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(file('plugin/cluster8')), type: 3 }] });
    await c.until(() => diags('plugin/cluster8/cert-chain.pem')?.length === 0, 'the renamed folder loses its finding');
  });

  test('settings: certwright.diagnostics.enabled false (workspace/configuration after didChangeConfiguration) clears, true restores', async () => {
    c.configuration = { diagnostics: { enabled: false } };
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await c.until(() => diags('issuer.yaml')?.length === 0, 'diagnostics off');
    c.configuration = {};
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await c.until(() => diags('issuer.yaml')?.length === 1, 'diagnostics on');
    assert.deepEqual(brief(diags('issuer.yaml')), ['ca-secret-not-produced@8:16-8:27/3']);
  });

  test('cancellation: a request waiting for the lint of a 3,000-object file is cancelled; the lint still publishes', async () => {
    const big = file('big.yaml');
    await c.open(big, generate(1000));
    const source = new CancellationTokenSource();
    const pending = c.request('textDocument/hover', { textDocument: { uri: uri(big) }, position: { line: 7, character: 4 } }, source);
    source.cancel();
    await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
    await c.until(() => c.published.some((p) => p.uri === uri(big)), 'the big file linted');
    assert.deepEqual(brief(diags('big.yaml')), ['ca-secret-not-produced@61006:16-61006:27/3']);
    const hover = await c.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: uri(big) }, position: { line: 7, character: 4 } });
    assert.match(hover.contents.value, /spec.duration/);
  });
});

describe('language server over stdio, pull diagnostics', () => {
  let root: string;
  let c: LspClient;
  let capabilities: Record<string, unknown>;
  const file = (name: string) => join(root, name);
  type Report = { kind: string; resultId?: string; items?: Diag[]; uri?: string; version?: number | null };

  before(async () => {
    root = workspace();
    c = new LspClient({ root, repo: ROOT, pull: true, initializationOptions: { settings: { expiryWarningDays: 30 } } });
    capabilities = (await c.initialize()).capabilities;
    await c.until(() => c.progress.some((p) => p.value.kind === 'end'), 'the initial scan');
  });

  after(async () => {
    assert.equal(await c.shutdown(), 0);
    rmSync(root, { recursive: true, force: true });
  });

  test('initialize: a diagnostic provider with workspace diagnostics; nothing pushed', () => {
    assert.deepEqual(capabilities.diagnosticProvider, { identifier: 'certwright', interFileDependencies: true, workspaceDiagnostics: true });
    assert.deepEqual(c.published, []);
    assert.deepEqual(c.configRequests, [], 'no workspace/configuration without the capability');
  });

  test('workspace/diagnostic: every file with findings, closed ones included, at their real lines', async () => {
    const r1 = await c.request<{ items: Report[] }>('workspace/diagnostic', { previousResultIds: [] });
    const byUri = new Map(r1.items.map((i) => [i.uri, i]));
    assert.deepEqual(brief(byUri.get(uri(file('issuer.yaml')))?.items), ISSUER_DIAGS);
    assert.equal(byUri.get(uri(file('issuer.yaml')))?.version, null);
    assert.deepEqual(brief(byUri.get(uri(file('other-ns.yaml')))?.items), ['issuer-namespace-mismatch@10:10-10:17/2']);
    // Unchanged results are reported as such.
    const r2 = await c.request<{ items: Report[] }>('workspace/diagnostic', { previousResultIds: r1.items.map((i) => ({ uri: i.uri, value: i.resultId })) });
    assert.deepEqual(r2.items.map((i) => i.kind), r1.items.map(() => 'unchanged'));
  });

  test('textDocument/diagnostic: full report with a result id, then unchanged; an edit makes a new report and asks the client to refresh', async () => {
    const path = file('certificate.yaml');
    await c.open(path, readFileSync(path, 'utf8'));
    const first = await c.request<Report>('textDocument/diagnostic', { textDocument: { uri: uri(path) } });
    assert.equal(first.kind, 'full');
    assert.deepEqual(brief(first.items), ['duration-syntax@7:12-7:15/1']);
    const again = await c.request<Report>('textDocument/diagnostic', { textDocument: { uri: uri(path) }, previousResultId: first.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
    const refreshes = c.refreshes;
    await c.change(path, 2, [{ range: r(7, 12, 7, 15), text: '2160h' }]);
    const after = await c.request<Report>('textDocument/diagnostic', { textDocument: { uri: uri(path) }, previousResultId: first.resultId });
    assert.deepEqual(after.kind, 'full');
    assert.deepEqual(after.items, []);
    await c.until(() => c.refreshes > refreshes, 'workspace/diagnostic/refresh');
    assert.deepEqual(c.published, [], 'still nothing pushed');
  });
});

describe('language server over stdio, cancellation in the middle of a big file', () => {
  let root: string;
  let c: LspClient;
  type Stats = { parsedChunks: number; madeObjects: number; checkedObjects: number; ruleFamilies: number; lintRuns: number; lintRunsStopped: number };
  const stats = () => c.request<Stats>('certwright/stats', null);
  // 3,000 Certificates, Services and Deployments (9,003 documents, about 3 MB).
  const text = generate(3000);
  const documents = text.split('\n---\n').length;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'certwright-lsp-cancel-'));
    c = new LspClient({ root, repo: ROOT, pull: true });
    await c.initialize();
    await c.until(() => c.progress.some((p) => p.value.kind === 'end'), 'the initial scan');
  });

  after(async () => {
    assert.equal(await c.shutdown(), 0);
    rmSync(root, { recursive: true, force: true });
  });

  /** Polls certwright/stats (answered between documents) until `pred` holds. */
  async function statsUntil(pred: (s: Stats) => boolean, what: string): Promise<Stats> {
    for (let i = 0; i < 100_000; i++) {
      const s = await stats();
      if (pred(s)) return s;
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  test('$/cancelRequest of a pull: RequestCancelled, and the lint stops after a small part of the documents; the next pull lints to the end', async () => {
    assert.ok(text.length > 2_500_000, `a multi-MB document (${text.length})`);
    const path = join(root, 'big.yaml');
    const doc = { textDocument: { uri: uri(path) } };
    const s0 = await stats();
    await c.open(path, text);
    const source = new CancellationTokenSource();
    const pending = c.request('textDocument/diagnostic', doc, source);
    // Answered after the server has taken the pull (in order, between two documents of the lint).
    const during = await stats();
    assert.ok(during.madeObjects - s0.madeObjects < documents, 'the lint is still running');
    source.cancel();
    await assert.rejects(pending, (e: { code?: number }) => e.code === -32800);
    const s1 = await statsUntil((s) => s.lintRunsStopped > s0.lintRunsStopped, 'the lint to stop');
    const made = s1.madeObjects - s0.madeObjects;
    assert.ok(made < documents / 2, `stopped after ${made} of ${documents} documents`);
    assert.equal(s1.checkedObjects, s0.checkedObjects, 'no object was checked');
    // Nothing runs on without a request: the counts stay where they stopped.
    const s2 = await stats();
    assert.deepEqual(s2, s1);
    const report = await c.request<{ kind: string; items: Diag[] }>('textDocument/diagnostic', doc);
    assert.deepEqual(report.items.map((d) => d.code), ['ca-secret-not-produced']);
    const s3 = await stats();
    assert.ok(s3.madeObjects - s1.madeObjects >= documents, `the next pull made every object (${s3.madeObjects - s1.madeObjects})`);
    assert.ok(s3.checkedObjects - s1.checkedObjects >= documents);
  });

  test('a newer didChange supersedes a pull: ServerCancelled with retriggerRequest, and the lint of the older version stops mid-file', async () => {
    const path = join(root, 'big.yaml');
    const doc = { textDocument: { uri: uri(path) } };
    const s0 = await stats();
    // Every Certificate edited: the whole file is parsed again.
    await c.change(path, 2, [{ text: text.replaceAll('duration: 720h', 'duration: 721h') }]);
    const pending = c.request('textDocument/diagnostic', doc);
    await c.change(path, 3, [{ text: text.replaceAll('duration: 720h', 'duration: 722h') }]);
    await assert.rejects(pending, (e: { code?: number; data?: unknown }) => e.code === -32802 && JSON.stringify(e.data) === '{"retriggerRequest":true}');
    const report = await c.request<{ kind: string; items: Diag[] }>('textDocument/diagnostic', doc);
    assert.deepEqual(report.items.map((d) => d.code), ['ca-secret-not-produced']);
    const s1 = await stats();
    assert.ok(s1.lintRunsStopped > s0.lintRunsStopped, 'the lint of version 2 stopped');
    // Version 2's stopped run and version 3's whole one: well under two files' worth of documents.
    const made = s1.madeObjects - s0.madeObjects;
    assert.ok(made >= documents && made < documents * 1.5, `${made} documents made for two versions of ${documents}`);
  });
});
