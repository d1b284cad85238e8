// Inside real VS Code, on test/fixtures/workspaces/inspect (see its README for the expectations).
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import type { TreeNode } from '../../../src/vscode/tree';
import { codeOf, forWorkspace, test, waitFor, waitForDiagnostics } from './harness';

const EXT = 'certwright.certwright';
let api: Api;

function ws(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

/** The repository (its test fixtures), not the extension under test: the installed .vsix holds none. */
const REPO = process.env.CERTWRIGHT_ROOT ?? path.resolve(__dirname, '../../..');

function fixtureCerts(rel: string): string {
  return path.join(REPO, 'test', 'fixtures', 'certs', rel);
}

function expectedLeaf(): { sha256: string; serial: string } {
  const e = JSON.parse(readFileSync(path.join(REPO, 'test/fixtures/expected/leaf-server.crt.json'), 'utf8'))[0];
  return { sha256: String(e.sha256), serial: String(e.serial) };
}

const colon = (hex: string) => hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');

async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(ws(rel));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

async function hoverText(doc: vscode.TextDocument, pos: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

function positionOf(doc: vscode.TextDocument, needle: string, after = 0): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} not found in ${doc.uri.path}`);
  return doc.positionAt(at + after);
}

async function treeChildren(node?: TreeNode): Promise<Array<{ node: TreeNode; item: vscode.TreeItem }>> {
  const kids = await api.tree.getChildren(node);
  return kids.map((n) => ({ node: n, item: api.tree.getTreeItem(n) }));
}

const label = (i: vscode.TreeItem) => (typeof i.label === 'string' ? i.label : i.label?.label ?? '');

forWorkspace('inspect', () => {
  test('activates on a PEM file; the workspace is trusted; .crt files use the pem language', async () => {
    const doc = await open('certs/leaf.crt');
    const ext = vscode.extensions.getExtension(EXT);
    assert.ok(ext, 'extension is installed in development mode');
    api = (await ext.activate()) as Api;
    assert.ok(ext.isActive);
    assert.equal(vscode.workspace.isTrusted, true);
    assert.equal(doc.languageId, 'pem');
    await api.inventory.ready();
  });

  test('hover on a PEM certificate shows the compact card', async () => {
    const doc = await open('certs/leaf.crt');
    const text = await hoverText(doc, new vscode.Position(3, 5));
    const leaf = expectedLeaf();
    for (const want of ['CN=payment-service', 'DNS:payment-service.production.svc', 'IP:10.0.0.1', 'URI:spiffe://cluster.local/ns/production/sa/payment', 'email:ops@example.com', 'CN=Certwright Test Intermediate CA', 'ECDSA P-256', 'server auth', 'client auth', ...colon(leaf.sha256).match(/.{1,24}/g)!.map((g) => g.replace(/:$/, ''))]) {
      assert.ok(text.includes(want), `hover lacks ${want}:\n${text}`);
    }
    assert.match(text, /expires in \d+ (?:days|months|years) \(\d{4}-\d\d-\d\d\)/);
  });

  test('hover on base64 tls.crt and tls.key in a Secret decodes them, never showing key material', async () => {
    const doc = await open('k8s/secret.yaml');
    const crt = await hoverText(doc, positionOf(doc, 'tls.crt:', 12));
    assert.ok(crt.includes('CN=payment-service'), crt);
    const keyPos = positionOf(doc, 'tls.key:', 12);
    const key = await hoverText(doc, keyPos);
    assert.ok(key.includes('Private key') && key.includes('ECDSA P-256'), key);
    const keyValue = doc.lineAt(keyPos.line).text.split(':')[1].trim();
    for (let i = 0; i + 16 <= keyValue.length; i += 16) assert.ok(!key.includes(keyValue.slice(i, i + 16)), 'hover contains key data');
    const ca = await hoverText(doc, positionOf(doc, 'ca.crt:', 12));
    assert.ok(ca.includes('CN=Certwright Test Root CA') && ca.includes('self-signed'), ca);
  });

  test('hover on PEM inside a ConfigMap block scalar and inside a JSON string', async () => {
    const cm = await open('k8s/configmap.yaml');
    const c = await hoverText(cm, positionOf(cm, 'BEGIN CERTIFICATE', 3));
    assert.ok(c.includes('CN=Certwright Test Intermediate CA') && c.includes('CA'), c);
    const json = await open('config.json');
    const j = await hoverText(json, positionOf(json, 'BEGIN CERTIFICATE', 3));
    assert.ok(j.includes('CN=payment-service'), j);
  });

  test('code lenses above each block; the lens opens a read-only full decode', async () => {
    const doc = await open('certs/bundle-with-wrong-key.pem');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.equal(lenses.length, 2, titles.join(' | '));
    assert.match(titles[0], /^1\/2 Certificate · CN=payment-service · expires in \d+ (?:days|months|years)$/);
    assert.match(titles[1], /^2\/2 Private key · ECDSA P-256$/);
    assert.equal(lenses[0].range.start.line, 0);
    const cmd = lenses[0].command!;
    assert.equal(cmd.command, 'certwright.showDetails');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>(cmd.command, ...(cmd.arguments ?? []));
    const details = editor.document;
    assert.equal(details.uri.scheme, 'certwright-details');
    const t = details.getText();
    assert.ok(t.includes(`Serial number:        ${expectedLeaf().serial}`), t);
    assert.ok(t.includes('Subject Alternative Name') && t.includes('Authority Key Identifier'), t);
    assert.match(t, /Chain position \(workspace\):\n.*leaf: .*CN=payment-service[\s\S]*issued by intermediate: [\s\S]*issued by root: /);
    // The details view is read-only: typing into it changes nothing.
    const before = details.getText();
    await vscode.window.showTextDocument(details);
    await vscode.commands.executeCommand('type', { text: 'typed' });
    assert.equal(details.getText(), before);
    assert.equal(details.isDirty, false);
  });

  test('diagnostics: expired, not yet valid, expiring, SHA-1, undecodable, mismatched key', async () => {
    const cases: Array<[string, string, vscode.DiagnosticSeverity, RegExp]> = [
      ['bad/expired.pem', 'expired', vscode.DiagnosticSeverity.Error, /CN=expired\.certwright\.test expired \d+ (?:days|months|years) ago \(2021-01-01\)/],
      ['certs/not-yet-valid.pem', 'not-yet-valid', vscode.DiagnosticSeverity.Warning, /not valid until 2099-01-01/],
      ['certs/expiring-soon.pem', 'expiring', vscode.DiagnosticSeverity.Warning, /CN=expiring-soon expires in \d days .*30-day warning window/],
      ['bad/weak-sha1.pem', 'weak-signature', vscode.DiagnosticSeverity.Warning, /sha1WithRSAEncryption/],
      ['bad/truncated.pem', 'decode-error', vscode.DiagnosticSeverity.Error, /Cannot decode this CERTIFICATE block: .*truncated/],
      ['certs/bundle-with-wrong-key.pem', 'key-mismatch', vscode.DiagnosticSeverity.Error, /does not match the certificate CN=payment-service/],
    ];
    for (const [file, code, severity, message] of cases) {
      const uri = ws(file);
      const diags = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === code));
      const d = diags.find((x) => codeOf(x) === code)!;
      assert.equal(d.severity, severity, `${file} severity`);
      assert.equal(d.source, 'certwright');
      assert.match(d.message, message, `${file}: ${d.message}`);
    }
    const mismatch = vscode.languages.getDiagnostics(ws('certs/bundle-with-wrong-key.pem')).filter((d) => codeOf(d) === 'key-mismatch');
    assert.equal(mismatch.length, 1);
    assert.ok(mismatch[0].range.start.line > 10, 'the error is on the key block, not the certificate');
  });

  test('files without problems have no diagnostics (workspace scan is complete)', async () => {
    await api.inventory.ready();
    for (const f of ['certs/ca.crt', 'certs/intermediate.crt', 'certs/leaf.crt', 'certs/leaf.key', 'k8s/secret.yaml', 'k8s/configmap.yaml']) {
      assert.ok(api.inventory.entry(ws(f)), `${f} was scanned`);
      assert.deepEqual(vscode.languages.getDiagnostics(ws(f)).map((d) => d.message), [], f);
    }
  });

  test('Certificates view: chains, roles, keys, descriptions', async () => {
    await api.inventory.ready();
    const top = await treeChildren();
    const labels = top.map((t) => label(t.item));
    assert.deepEqual(labels.slice(0, 3), ['Certwright Test Root CA', 'expiring-soon', 'sha1-rsa.certwright.test']);
    assert.match(labels[3], /without a certificate/);
    const root = top[0];
    assert.match(String(root.item.description), /\d+ (?:days|months|years) left · root CA/);
    const [inter] = await treeChildren(root.node);
    assert.equal(label(inter.item), 'Certwright Test Intermediate CA');
    assert.match(String(inter.item.description), /intermediate CA/);
    const leaves = await treeChildren(inter.node);
    assert.deepEqual(leaves.map((l) => label(l.item)), ['expired.certwright.test', 'payment-service', 'not-yet-valid.certwright.test']);
    assert.match(String(leaves[0].item.description), /^expired \d+ (?:days|months|years) ago/);
    assert.equal((leaves[0].item.iconPath as vscode.ThemeIcon).id, 'error');
    const leafKids = await treeChildren(leaves[1].node);
    assert.equal(leafKids.length, 1);
    assert.equal(label(leafKids[0].item), 'Private key');
    assert.match(String(leafKids[0].item.description), /ECDSA P-256 · matches/);
    const loose = await treeChildren(top[3].node);
    assert.equal(loose.length, 1);
    assert.match(String(loose[0].item.description), /no matching certificate/);
    // The leaf was found in three scanned places (JSON is not in certwright.include by default).
    const leafNode = leaves[1].node;
    assert.ok(leafNode.kind === 'chain');
    if (leafNode.kind === 'chain') {
      const files = leafNode.node.item.locations.map((l) => vscode.workspace.asRelativePath(vscode.Uri.parse(l.file))).sort();
      assert.deepEqual(files, ['certs/bundle-with-wrong-key.pem', 'certs/leaf.crt', 'k8s/secret.yaml']);
    }
    const tip = leaves[1].item.tooltip as vscode.MarkdownString;
    assert.ok(tip.value.includes('k8s/secret.yaml') && tip.value.includes('tls.crt'), tip.value);
    assert.equal(leaves[1].item.command?.command, 'certwright.revealInFile');
  });

  test('tree commands: copy fingerprint, copy PEM, reveal in file; keys are never copied', async () => {
    const top = await treeChildren();
    const [inter] = await treeChildren(top[0].node);
    const leaves = await treeChildren(inter.node);
    const leaf = leaves[1];
    const fp = await vscode.commands.executeCommand<string>('certwright.copyFingerprint', leaf.node);
    assert.equal(fp, colon(expectedLeaf().sha256));
    assert.equal(await vscode.env.clipboard.readText(), fp);
    const pem = await vscode.commands.executeCommand<string>('certwright.copyPem', inter.node);
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    assert.equal(pem.replace(/\s/g, ''), readFileSync(fixtureCerts('intermediate.pem'), 'utf8').replace(/\s/g, ''));
    const [key] = await treeChildren(leaf.node);
    await vscode.env.clipboard.writeText('unchanged');
    assert.equal(await vscode.commands.executeCommand('certwright.copyPem', key.node), undefined);
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('certwright.revealInFile', leaf.node);
    assert.ok(editor);
    const first = leaf.node.kind === 'chain' ? leaf.node.node.item.locations[0] : undefined;
    assert.equal(editor.document.uri.toString(), first?.file);
    assert.equal(editor.selection.active.line, first?.line);
  });

  test('outline and folding for PEM files', async () => {
    const doc = await open('certs/bundle-with-wrong-key.pem');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(symbols.map((s) => [s.name, s.detail]), [['payment-service', 'Certificate'], ['ECDSA P-256', 'Private key']]);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
    assert.ok(folds.some((f) => f.start === 0 && f.end >= 10), JSON.stringify(folds));
  });

  test('the tree follows file changes: a new root appears, then disappears when deleted', async () => {
    const target = ws('certs/added-root2.pem');
    const changed = () => new Promise<void>((resolve) => { const d = api.inventory.onDidChange(() => { d.dispose(); resolve(); }); });
    let wait = changed();
    await vscode.workspace.fs.writeFile(target, readFileSync(fixtureCerts('root2.pem')));
    await wait;
    await waitFor(async () => (await treeChildren()).some((t) => label(t.item) === 'Certwright Test Root CA 2') || undefined, 'root 2 in the tree');
    wait = changed();
    await vscode.workspace.fs.delete(target);
    await wait;
    await waitFor(async () => !(await treeChildren()).some((t) => label(t.item) === 'Certwright Test Root CA 2') || undefined, 'root 2 gone');
  });

  test('a folder renamed out of the workspace takes its certificates out of the tree (one event for the folder, none for its files)', async () => {
    const folder = ws('certs/moving');
    mkdirSync(folder.fsPath, { recursive: true });
    writeFileSync(path.join(folder.fsPath, 'root2.pem'), readFileSync(fixtureCerts('root2.pem')));
    await waitFor(async () => (await treeChildren()).some((t) => label(t.item) === 'Certwright Test Root CA 2') || undefined, 'root 2 in the tree');
    // mv: the watcher reports the folder only.
    renameSync(folder.fsPath, path.join(mkdtempSync(path.join(tmpdir(), 'certwright-moved-')), 'moving'));
    await waitFor(async () => !(await treeChildren()).some((t) => label(t.item) === 'Certwright Test Root CA 2') || undefined, 'root 2 gone with its folder');
  });

  test('edits update diagnostics; the warning window follows the setting', async () => {
    const doc = await open('certs/expiring-soon.pem');
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'expiring'));
    const cfg = vscode.workspace.getConfiguration('certwright');
    await cfg.update('expiryWarningDays', 1, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'expiring'));
    } finally {
      await cfg.update('expiryWarningDays', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'expiring'));
    // Break the block in the editor: a decode error appears; undo restores the warning.
    const editor = await vscode.window.showTextDocument(doc);
    const line = 3;
    await editor.edit((e) => e.replace(doc.lineAt(line).range, '!!!!'));
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'decode-error'));
    await vscode.commands.executeCommand('undo');
    await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'expiring') && !d.some((x) => codeOf(x) === 'decode-error'));
  });

  test('large files are skipped, binary and garbage files do not break anything', async () => {
    const cfg = vscode.workspace.getConfiguration('certwright');
    await cfg.update('maxFileSizeMB', 1, vscode.ConfigurationTarget.Workspace);
    try {
      const big = ws('big.pem');
      const block = readFileSync(fixtureCerts('leaf-server.crt'), 'utf8');
      await vscode.workspace.fs.writeFile(big, Buffer.from(block.repeat(Math.ceil((2 * 1048576) / block.length))));
      const doc = await vscode.workspace.openTextDocument(big);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      assert.equal(lenses.length, 0);
      assert.equal((await api.scanner.scan(doc)).skipped?.includes('certwright.maxFileSizeMB'), true);
    } finally {
      await cfg.update('maxFileSizeMB', undefined, vscode.ConfigurationTarget.Workspace);
    }
    const garbage = ws('garbage.pem');
    await vscode.workspace.fs.writeFile(garbage, Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB' + '\u00fe\u00ff~{}'.repeat(100) + '\n-----END CERTIFICATE-----\n', 'latin1'));
    const g = await vscode.workspace.openTextDocument(garbage);
    const diags = await waitForDiagnostics(g.uri, (d) => d.length > 0);
    assert.equal(diags[0].code, 'decode-error');
  });

  test('why a chain does not validate (#17): tree description and tooltip, hover and diagnostics name the CA and the code', async () => {
    // Written now (and removed after), so the static tree above is unchanged: a root, a CA whose
    // extended key usage allows client auth only, and a server leaf below it, in three files;
    // a bundle whose CA lacks keyCertSign, in one file (test/fixtures/certs/broken, made by openssl).
    const files: Array<[string, string]> = [['broken/root.pem', 'broken/root.pem'], ['broken/eku-ca.pem', 'broken/eku-ca.pem'], ['broken/eku-leaf.pem', 'broken/eku-leaf.pem'], ['broken/nokcs-chain.pem', 'broken/nokcs-chain.pem']];
    const changed = () => new Promise<void>((resolve) => { const d = api.inventory.onDidChange(() => { d.dispose(); resolve(); }); });
    let wait = changed();
    for (const [to, from] of files) await vscode.workspace.fs.writeFile(ws(to), readFileSync(fixtureCerts(from)));
    await wait;
    try {
      // The tree fills in as the written files are scanned: wait for both CAs and their leaves.
      const root = await waitFor(async () => {
        const r = (await treeChildren()).find((t) => label(t.item) === 'Broken Root');
        if (!r) return undefined;
        const kids = (await treeChildren(r.node)).filter((c) => ['Client Only CA', 'No KeyCertSign CA'].includes(label(c.item)));
        if (kids.length < 2) return undefined;
        for (const c of kids) if (!(await treeChildren(c.node)).length) return undefined;
        return r;
      }, 'Broken Root with the Client Only and No KeyCertSign CAs and their leaves in the tree');
      const cas = await treeChildren(root.node);
      const ekuCa = cas.find((c) => label(c.item) === 'Client Only CA');
      assert.ok(ekuCa, cas.map((c) => label(c.item)).join());
      const [leaf] = await treeChildren(ekuCa.node);
      assert.equal(label(leaf.item), 'eku leaf');
      assert.match(String(leaf.item.description), /does not validate: eku-mismatch$/);
      assert.equal((leaf.item.iconPath as vscode.ThemeIcon).id, 'warning');
      const tip = (leaf.item.tooltip as vscode.MarkdownString).value;
      assert.ok(tip.includes('does not validate') && tip.includes('Client Only CA') && tip.includes('eku-mismatch'), tip);
      assert.doesNotMatch(String(ekuCa.item.description), /does not validate/);
      const nokcs = cas.find((c) => label(c.item) === 'No KeyCertSign CA');
      const [nokcsLeaf] = await treeChildren(nokcs!.node);
      assert.match(String(nokcsLeaf.item.description), /does not validate: key-cert-sign-missing$/);
      // Hover on the leaf's own file: the card and why its chain (across files) does not validate.
      const doc = await open('broken/eku-leaf.pem');
      const hover = await hoverText(doc, new vscode.Position(1, 2));
      assert.match(hover, /Certificate/);
      assert.match(hover, /does not validate: CA O=Certwright Broken,CN=Client Only CA \\\(the issuer\\\): extended key usage does not allow serverAuth/);
      // The bundle: chain-invalid on its leaf block (line 0), naming the CA and the code.
      const diags = await waitForDiagnostics(ws('broken/nokcs-chain.pem'), (d) => d.some((x) => codeOf(x) === 'chain-invalid'));
      const d = diags.find((x) => codeOf(x) === 'chain-invalid')!;
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(d.range.start.line, 0);
      assert.match(d.message, /^Certificate CN=nokcs leaf does not validate through the CAs in this file: CA O=Certwright Broken,CN=No KeyCertSign CA \(the issuer\): issues certificates but its keyUsage lacks keyCertSign \(key-cert-sign-missing\)/);
      assert.deepEqual(vscode.languages.getDiagnostics(ws('broken/eku-leaf.pem')).map(codeOf), [], 'a leaf alone in its file has no chain diagnostic');
    } finally {
      wait = changed();
      for (const [to] of files) await vscode.workspace.fs.delete(ws(to));
      await wait;
      await waitFor(async () => !(await treeChildren()).some((t) => label(t.item) === 'Broken Root') || undefined, 'Broken Root gone');
    }
  });

  test('a folder whose files the watcher never reports (parcel-bundler/watcher#243; files.watcherExclude stands in for the race) still fills the tree', async () => {
    // The workspace's settings exclude unreported/*.pem from the watcher: only the folder's creation is reported.
    const changed = () => new Promise<void>((resolve) => { const d = api.inventory.onDidChange(() => { d.dispose(); resolve(); }); });
    const wait = changed();
    await vscode.workspace.fs.writeFile(ws('unreported/root2.pem'), readFileSync(fixtureCerts('root2.pem')));
    await wait;
    await waitFor(async () => (await treeChildren()).some((t) => label(t.item) === 'Certwright Test Root CA 2') || undefined, 'root 2 of the unreported file in the tree');
    assert.ok(api.inventory.entry(ws('unreported/root2.pem')), 'unreported/root2.pem was scanned');
  });
});
