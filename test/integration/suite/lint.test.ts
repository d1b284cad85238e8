// Linting inside real VS Code, on test/fixtures/workspaces/lint.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import { lint as cliLint, cliSeverity, type JsonFinding } from '../../../src/cli/lint';
import { LINT_RULES } from '../../../src/core/lint/index';
import { ruleUrl } from '../../../src/node/lsp/convert';
import { diagnosticSeverity } from '../../../src/vscode/lint';
import { codeOf, forWorkspace, test, waitFor, waitForDiagnostics } from './harness';
import { PATCH_SCHEMA_URI, SCHEMA_URI, type YamlExtensionApi } from '../../../src/vscode/yamlSchemas';

let api: Api;

function ws(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(ws(rel));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

function at(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} not in ${doc.uri.path}`);
  return doc.positionAt(i + delta);
}

/** The CLI's word for an editor severity (the CLI has error, warning, info). */
function severityName(s: vscode.DiagnosticSeverity): string {
  return s === vscode.DiagnosticSeverity.Error ? 'error' : s === vscode.DiagnosticSeverity.Warning ? 'warning' : s === vscode.DiagnosticSeverity.Information ? 'info' : 'hint';
}

/** `certwright lint --format json` over workspace folders, run in this process: what the CLI prints. */
async function cliFindings(...rels: string[]): Promise<JsonFinding[]> {
  let out = '';
  await cliLint(['--format', 'json', ...rels.map((r) => ws(r).fsPath)], { out: (t) => { out += t; }, err: () => undefined });
  return JSON.parse(out) as JsonFinding[];
}

const isOpen = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

async function applyFix(doc: vscode.TextDocument, code: string, title: RegExp): Promise<void> {
  const diag = vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === code);
  assert.ok(diag, `no ${code} diagnostic`);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `no quick fix ${title} among ${actions.map((a) => a.title).join(', ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
}

forWorkspace('lint', () => {
  test('activates on YAML and lints the workspace', async () => {
    await open('k8s/payments.yaml');
    const ext = vscode.extensions.getExtension('certwright.certwright')!;
    api = (await ext.activate()) as Api;
    await api.lint.start();
    const diags = await waitForDiagnostics(ws('k8s/payments.yaml'), (d) => d.some((x) => codeOf(x) === 'duration-syntax'));
    const byCode = new Map(diags.map((d) => [codeOf(d), d]));
    for (const code of ['duration-syntax', 'usage-key-encipherment-ecdsa', 'san-service-coverage', 'issuer-kind-mismatch', 'san-dialed-host']) assert.ok(byCode.has(code), `missing ${code}: ${[...byCode.keys()]}`);
    const dur = byCode.get('duration-syntax')!;
    assert.equal(dur.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(dur.range.start.line, 7);
    assert.match(dur.message, /unknown unit "d".*2160h/);
    // The code carries the server's codeDescription: the link to its row in the README's rule table.
    for (const d of diags) {
      assert.ok(typeof d.code === 'object', `${codeOf(d)}: the code has a target`);
      const t = d.code.target;
      assert.equal(`${t.scheme}://${t.authority}${t.path}#${t.fragment}`, ruleUrl(codeOf(d)), codeOf(d));
    }
    assert.equal((dur.code as { target: vscode.Uri }).target.fragment, 'rule-duration-syntax');
    assert.match(byCode.get('san-dialed-host')!.message, /x509: certificate is valid for ledger, ledger\.production, ledger\.production\.svc\.cluster\.local, not ledger\.production\.svc/);
    assert.equal(byCode.get('usage-key-encipherment-ecdsa')!.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('Helm templates and kustomize patches get no findings', async () => {
    await api.lint.start();
    for (const f of ['chart/templates/certificate.yaml', 'overlays/prod/certificate-patch.yaml', 'overlays/prod/kustomization.yaml', 'k8s/issuers.yaml']) {
      assert.deepEqual(vscode.languages.getDiagnostics(ws(f)).map(codeOf), [], f);
    }
  });

  test('quick fix: 90d becomes 2160h and the error goes away', async () => {
    const doc = await open('k8s/payments.yaml');
    await applyFix(doc, 'duration-syntax', /2160h/);
    assert.match(doc.getText(), /duration: 2160h\n/);
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'duration-syntax') && d.some((x) => codeOf(x) === 'san-service-coverage'));
  });

  test('quick fix: missing Service DNS names are added to dnsNames', async () => {
    const doc = await open('k8s/payments.yaml');
    await applyFix(doc, 'san-service-coverage', /Service DNS name/);
    assert.match(doc.getText(), /- payments\.production\.svc\n\s+- payments\.production\n\s+- payments\.production\.svc\.cluster\.local\n/);
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'san-service-coverage'));
  });

  test('quick fixes: remove key encipherment, set the ClusterIssuer kind; the file re-lints clean but for the dialed host', async () => {
    const doc = await open('k8s/payments.yaml');
    await applyFix(doc, 'usage-key-encipherment-ecdsa', /Remove/);
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'usage-key-encipherment-ecdsa'));
    await applyFix(doc, 'issuer-kind-mismatch', /ClusterIssuer/);
    assert.match(doc.getText(), /name: mtls-ca-issuer\n\s+kind: ClusterIssuer/);
    const left = await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'issuer-kind-mismatch'));
    assert.deepEqual(left.map(codeOf), ['san-dialed-host']);
  });

  test('hover explains fields and when the certificate renews', async () => {
    const doc = await open('k8s/ledger.yaml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at(doc, 'renewBefore', 2));
    const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
    assert.ok(text.includes('lives 30 days, renews after 20 days, 10 days before expiry'), text);
    assert.ok(text.includes('At least 5m and less than `duration`'), text);
  });

  test('completion offers usages and issuer names from the workspace', async () => {
    const doc = await open('k8s/ledger.yaml');
    const usages = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at(doc, '- server auth', 2));
    const labels = usages.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('cert sign') && labels.includes('key agreement'), labels.join(', '));
    assert.ok(!labels.includes('key encipherment'), 'no key encipherment for an ECDSA key');
    const issuers = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at(doc, 'name: mtls-ca-issuer', 6));
    const names = issuers.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(names.includes('mtls-ca-issuer') && names.includes('selfsigned-issuer'), names.join(', '));
  });

  test('go to definition: issuerRef.name opens the ClusterIssuer; secretName finds the workload', async () => {
    const doc = await open('k8s/ledger.yaml');
    const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, at(doc, 'name: mtls-ca-issuer', 8));
    const uris = defs.map((d) => ('uri' in d ? d.uri : d.targetUri).path);
    assert.ok(uris.some((u) => u.endsWith('k8s/issuers.yaml')), uris.join(', '));
    const mounts = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, at(doc, 'secretName: ledger-mtls-certs', 14));
    assert.ok(mounts.length >= 1, 'the Deployment volume is found');
  });

  test('adding the dialed name to the server certificate clears the cross-file error', async () => {
    const ledger = await open('k8s/ledger.yaml');
    const editor = await vscode.window.showTextDocument(ledger);
    const pos = at(ledger, '    - ledger.production.svc.cluster.local');
    await editor.edit((e) => e.insert(pos, '    - ledger.production.svc\n'));
    await waitForDiagnostics(ws('k8s/payments.yaml'), (d) => !d.some((x) => codeOf(x) === 'san-dialed-host'));
    await waitForDiagnostics(ledger.uri, (d) => !d.some((x) => codeOf(x) === 'san-service-coverage'));
  });

  test('broken YAML gets one syntax diagnostic and the other documents are still linted', async () => {
    const target = ws('k8s/broken.yaml');
    await vscode.workspace.fs.writeFile(target, Buffer.from('apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: a\n  namespace: x\nspec:\n  secretName: [unclosed\n---\napiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: b\n  namespace: x\nspec:\n  secretName: b\n  duration: 1w\n  dnsNames: [b]\n  issuerRef:\n    name: mtls-ca-issuer\n    kind: ClusterIssuer\n'));
    const d = await waitForDiagnostics(target, (x) => x.some((y) => codeOf(y) === 'yaml-syntax') && x.some((y) => codeOf(y) === 'duration-syntax'));
    assert.equal(d.filter((x) => codeOf(x) === 'yaml-syntax').length, 1);
  });

  test('a 1.2 MB file is sent in parts; typed edits reach the worker as changes and re-lint it', async () => {
    const cert = (i: number, duration: string) => `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: c${i}\n  namespace: big\nspec:\n  secretName: c${i}-tls\n  duration: ${duration}\n  dnsNames: [c${i}.big.svc]\n  issuerRef: {name: mtls-ca-issuer, kind: ClusterIssuer}\n`;
    const docs: string[] = [];
    for (let i = 0, size = 0; size < 1.2 * 1048576; i++) { docs.push(cert(i, i === 4000 ? '90d' : '720h')); size += docs[i].length + 4; }
    const uri = ws('big/many.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(docs.join('---\n')));
    // Not shown in an editor: the renderer has no part in this, only the extension host and the worker.
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.ok(doc.getText().length > 1 << 20, 'the text is sent in more than one part');
    const first = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'duration-syntax'), 30_000);
    assert.equal(first.filter((d) => codeOf(d) === 'duration-syntax').length, 1);
    assert.equal(doc.getText(first.find((d) => codeOf(d) === 'duration-syntax')!.range), '90d');
    // Typing: a comment line above shifts every finding, then keystrokes fix the duration.
    const type = async (from: number, to: number, text: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(doc.positionAt(from), doc.positionAt(to)), text);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    await type(0, 0, '# many certificates\n');
    const shifted = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'duration-syntax' && x.range.start.line === first.find((y) => codeOf(y) === 'duration-syntax')!.range.start.line + 1));
    assert.equal(doc.getText(shifted.find((d) => codeOf(d) === 'duration-syntax')!.range), '90d');
    const bad = doc.getText().indexOf('duration: 90d') + 'duration: '.length;
    for (const [from, to, text] of [[bad, bad + 3, ''], [bad, bad, '2'], [bad + 1, bad + 1, '16'], [bad + 3, bad + 3, '0h']] as const) {
      await type(from, to, text);
    }
    assert.equal(doc.getText(new vscode.Range(doc.positionAt(bad), doc.positionAt(bad + 5))), '2160h');
    await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === 'duration-syntax'));
    // The worker's copy equals the document: hover at the fixed value reads the new text there.
    assert.deepEqual(api.lint.findings(uri).map((f) => f.code), []);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(bad + 1));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /90 days/);
    await doc.save();
  }, 120_000);
  test('a finding in a file that is not open has its real range; copies give one finding with related information', async () => {
    await api.lint.start();
    const uri = ws('copies/catalog.yaml');
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === 'san-service-coverage'));
    assert.ok(!isOpen(uri), 'the file was never opened');
    // One finding for the Service defined in three files.
    const coverage = diags.filter((d) => codeOf(d) === 'san-service-coverage');
    assert.equal(coverage.length, 1);
    const d = coverage[0];
    const [cli] = (await cliFindings('copies')).filter((r) => r.code === 'san-service-coverage');
    assert.deepEqual([d.range.start.line, d.range.start.character], [8, 4], 'the dnsNames node, not line 1 column 1');
    assert.deepEqual([d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1], [cli.line, cli.column, cli.endLine, cli.endColumn]);
    const related = (d.relatedInformation ?? []).map((r) => [vscode.workspace.asRelativePath(r.location.uri), r.location.range.start.line, r.location.range.start.character, r.message]);
    assert.deepEqual(related, ['a', 'b', 'c'].map((x) => [`copies/${x}/service.yaml`, 4, 8, 'Service "catalog" in namespace shop sends traffic to the pods that serve this certificate']));
    assert.ok(!(d.relatedInformation ?? []).some((r) => isOpen(r.location.uri)), 'related places need no open document either');
    assert.deepEqual(cli.related?.map((r) => [r.line, r.column]), [[5, 9], [5, 9], [5, 9]]);
    // The hover names the related objects.
    const doc = await vscode.workspace.openTextDocument(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, d.range.start.translate(0, 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Service "catalog" in namespace shop sends traffic to the pods that serve this certificate: `[^`]*copies\/b\/service\.yaml:5`/);
    assert.equal(doc.getText(d.range).split('\n')[0], '- catalog');
  });

  test('go to definition points into files that are not open, at the node', async () => {
    const doc = await open('copies/catalog.yaml');
    const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, at(doc, 'secretName: catalog-tls', 14));
    const locs = defs.map((d) => ('uri' in d ? [vscode.workspace.asRelativePath(d.uri), d.range.start.line, d.range.start.character] : [vscode.workspace.asRelativePath(d.targetUri), d.targetRange.start.line, d.targetRange.start.character]));
    assert.deepEqual(locs, [['copies/catalog.yaml', 41, 24]]);
  });

  test('severities: the editor publishes the CLI severity for every code (table over LINT_RULES, and a fixture with many codes)', async () => {
    // The mapping, for every code.
    for (const [code, rule] of Object.entries(LINT_RULES)) {
      assert.equal(severityName(diagnosticSeverity(rule.severity)), cliSeverity(rule.severity), code);
    }
    // What each side really gives, finding by finding, on files no test edits.
    await api.lint.start();
    const records = await cliFindings('severities', 'copies');
    const codes = new Set<string>();
    for (const r of records) {
      // The CLI prints paths relative to its working folder: the workspace-relative tail names the file.
      const uri = ws(/(severities|copies)\/.*$/.exec(r.file.split('\\').join('/'))![0]);
      const diags = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === r.code && x.range.start.line === r.line - 1 && x.range.start.character === r.column - 1));
      const d = diags.find((x) => codeOf(x) === r.code && x.range.start.line === r.line - 1 && x.range.start.character === r.column - 1)!;
      assert.equal(severityName(d.severity), r.severity, `${r.code} at ${r.file}:${r.line}`);
      codes.add(r.code);
    }
    assert.ok(codes.size >= 20, `codes compared: ${[...codes].join(', ')}`);
    // And nothing the editor shows there that the CLI does not.
    for (const rel of ['severities/objects.yaml', 'copies/catalog.yaml']) {
      assert.equal(vscode.languages.getDiagnostics(ws(rel)).length, records.filter((r) => r.file.endsWith(rel)).length, rel);
    }
  });

  test('the schema for the Red Hat YAML extension (dist/yaml-schemas.js, with a stand-in of its API): the patch the kustomization lists gets the schema with nothing required, and the full one once it is no longer listed', async () => {
    // redhat.vscode-yaml is not installable here (no marketplace): its contributor API is stood in for; the bundle, the
    // workspace file service and the kustomization reading are the real ones.
    const root = vscode.extensions.getExtension('certwright.certwright')!.extensionPath;
    const bundle = require(`${root}/dist/yaml-schemas.js`) as { contribute(api: YamlExtensionApi, files: Api['files']): vscode.Disposable };
    let request: ((resource: string) => string | undefined) | undefined, content: ((uri: string) => string | undefined) | undefined;
    const contributed = bundle.contribute({ registerContributor: (_name, r, c) => { request = r; content = c; return true; } }, api.files);
    const patch = (await vscode.workspace.openTextDocument(ws('overlays/prod/certificate-patch.yaml'))).uri.toString();
    const base = (await vscode.workspace.openTextDocument(ws('k8s/payments.yaml'))).uri.toString();
    const kustomization = ws('overlays/prod/kustomization.yaml');
    const listed = new TextDecoder().decode(await vscode.workspace.fs.readFile(kustomization));
    try {
      await waitFor(() => request!(patch) === PATCH_SCHEMA_URI, 'the listed patch asks for the patch schema');
      assert.equal(request!(base), SCHEMA_URI);
      assert.deepEqual(JSON.parse(content!(PATCH_SCHEMA_URI)!).allOf[0].then.properties.spec.required, undefined);
      assert.deepEqual(JSON.parse(content!(SCHEMA_URI)!).allOf[0].then.properties.spec.required, ['secretName', 'issuerRef']);
      await vscode.workspace.fs.writeFile(kustomization, new TextEncoder().encode('resources:\n  - ../../k8s\n'));
      await waitFor(() => request!(patch) === SCHEMA_URI, 'no longer listed: the full schema');
    } finally {
      await vscode.workspace.fs.writeFile(kustomization, new TextEncoder().encode(listed));
      await waitFor(() => request!(patch) === PATCH_SCHEMA_URI, 'listed again');
      contributed.dispose();
    }
  });
});
