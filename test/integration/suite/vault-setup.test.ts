// Inside real VS Code, on test/fixtures/workspaces/author (after author.test.ts): "Generate Vault
// PKI Setup" (certwright.generateVaultSetup) with its quick picks answered through the command's
// test arguments, its two documents saved into the workspace next to a Certificate that signs
// through the generated ClusterIssuer: the language server lints them clean (diagnostics API),
// the role line of the script and of the Terraform hover with the role and the Certificate using
// it (the PKI hovers reach VS Code for .sh and .tf), and a duration beyond the role's max_ttl is
// reported, so "clean" is the linter's verdict on files it read.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import type { AuthorResult } from '../../../src/vscode/author/commands';
import { COMMANDS } from '../../../src/vscode/ids';
import { codeOf, forWorkspace, test, waitFor, waitForDiagnostics } from './harness';

const ws = (rel: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);

/** A Certificate for Service payment (prod) through the generated ClusterIssuer, without commonName. */
const certificate = (duration: string, name = 'payment-vault') => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: ${name}
  namespace: prod
spec:
  secretName: ${name}-tls
  duration: ${duration}
  dnsNames:
    - payment
    - payment.prod
    - payment.prod.svc
    - payment.prod.svc.cluster.local
  usages:
    - server auth
    - client auth
  privateKey:
    algorithm: ECDSA
  issuerRef:
    name: vault-issuer
    kind: ClusterIssuer
`;

async function write(rel: string, text: string): Promise<vscode.TextDocument> {
  await vscode.workspace.fs.writeFile(ws(rel), new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(ws(rel));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The untitled document the command opened holding `needle` (the setup part; VS Code without a Terraform extension opens .tf text as plain text). */
function untitled(needle: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.isUntitled && d.getText().includes(needle));
}

/** The hover two characters before the end of the first `needle` after `from`. */
async function hoverText(doc: vscode.TextDocument, needle: string | RegExp, from = 0): Promise<string> {
  const rest = doc.getText().slice(from);
  const m = typeof needle === 'string' ? { index: rest.indexOf(needle), 0: needle } : needle.exec(rest);
  assert.ok(m && m.index! >= 0, `${needle} not in ${doc.uri.path}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(from + m.index! + m[0].length - 2));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

const codes = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)}@${d.range.start.line}`);

forWorkspace('author', () => {
  let api: Api;

  test('Generate Vault PKI Setup (vault commands): saved into the workspace with a Certificate through its ClusterIssuer, everything lints clean; the role line hovers', async () => {
    api = (await vscode.extensions.getExtension('certwright.certwright')!.activate()) as Api;
    await api.lint.start();
    const r = await vscode.commands.executeCommand<AuthorResult>(COMMANDS.generateVaultSetup.id, { answers: { services: ['prod/payment', 'prod/ledger'], format: 'vault' } });
    assert.deepEqual(r.refused, undefined);
    const issuerText = r.document!.getText();
    assert.match(issuerText, /kind: ClusterIssuer\n[\s\S]*name: vault-issuer\n[\s\S]*path: pki_int\/sign\/services\n/);
    const setupText = untitled('vault write pki_int/roles/services')?.getText();
    assert.ok(setupText, 'the vault commands, opened as an unsaved shell script');
    assert.match(setupText, /allowed_domains="payment,payment\.prod,payment\.prod\.svc,payment\.prod\.svc\.cluster\.local,ledger,/);

    const setup = await write('vault/setup.sh', setupText);
    const issuer = await write('vault/issuer.yaml', issuerText);
    const cert = await write('vault/certificate.yaml', certificate('720h'));
    // The server has read the three files together: the role's hover names the Certificate through the issuer.
    const hover = await waitFor(async () => {
      const h = await hoverText(setup, 'pki_int/roles/services');
      return /Certificate `prod\/payment-vault`/.test(h) && h;
    }, 'the role line hover naming the Certificate', 20_000);
    assert.match(hover, /\*\*Vault role `pki_int\/roles\/services`\*\*/);
    assert.match(hover, /Admits: exactly payment, payment\.prod, payment\.prod\.svc, payment\.prod\.svc\.cluster\.local, ledger/);
    assert.match(hover, /Used by ClusterIssuer `vault-issuer`/);
    assert.match(hover, /EKU: serverAuth yes, clientAuth yes\. Common name required: no\./);
    // Clean: no diagnostics on any of the three (the lint that answered the hover has been published).
    for (const doc of [setup, issuer, cert]) assert.deepEqual(codes(doc.uri), [], vscode.workspace.asRelativePath(doc.uri));

    // The linter judges these files: a duration beyond the role's max_ttl (720h) is reported at once.
    const edit = new vscode.WorkspaceEdit();
    const at = cert.getText().indexOf('720h');
    edit.replace(cert.uri, new vscode.Range(cert.positionAt(at), cert.positionAt(at + 4)), '8760h');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diags = await waitForDiagnostics(cert.uri, (d) => d.some((x) => codeOf(x) === 'vault-ttl-exceeds-max'), 20_000);
    const ttl = diags.find((x) => codeOf(x) === 'vault-ttl-exceeds-max')!;
    assert.equal(ttl.range.start.line, 7);
    assert.match(ttl.message, /duration 8760h exceeds/);
    // Back to 720h: clean again.
    const undo = new vscode.WorkspaceEdit();
    undo.replace(cert.uri, new vscode.Range(cert.positionAt(at), cert.positionAt(at + 5)), '720h');
    assert.ok(await vscode.workspace.applyEdit(undo));
    await waitForDiagnostics(cert.uri, (d) => d.length === 0, 20_000);
    await cert.save();
  }, 90_000);

  test('Generate Vault PKI Setup (Terraform): the .tf lints clean next to the same Certificate; its role hovers in VS Code', async () => {
    // Its own folder: the role a Vault issuer signs through is found in the nearest folder defining one.
    const r = await vscode.commands.executeCommand<AuthorResult>(COMMANDS.generateVaultSetup.id, { answers: { services: ['prod/payment'], format: 'terraform' } });
    assert.deepEqual(r.refused, undefined);
    const tfText = untitled('resource "vault_pki_secret_backend_role"')?.getText();
    assert.ok(tfText, 'the Terraform, opened as an unsaved document');
    const tf = await write('vault-tf/pki.tf', tfText);
    await write('vault-tf/issuer.yaml', r.document!.getText());
    await write('vault-tf/certificate.yaml', certificate('720h', 'payment-vault-tf'));
    const role = tf.getText().indexOf('resource "vault_pki_secret_backend_role"');
    const hover = await waitFor(async () => {
      const h = await hoverText(tf, /name\s*=\s*"services"/, role);
      return /Certificate `prod\/payment-vault-tf`/.test(h) && h;
    }, 'the Terraform role hover naming the Certificate', 20_000);
    assert.match(hover, /Admits: exactly payment, payment\.prod, payment\.prod\.svc, payment\.prod\.svc\.cluster\.local/);
    for (const rel of ['vault-tf/pki.tf', 'vault-tf/issuer.yaml', 'vault-tf/certificate.yaml']) assert.deepEqual(codes(ws(rel)), [], rel);
  }, 90_000);
});
