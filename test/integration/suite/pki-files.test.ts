// Inside real VS Code, on test/fixtures/workspaces/author (a temp copy; after vault-setup.test.ts):
// the PKI hovers and diagnostics reach VS Code for an openssl config (`.cnf` with [ v3_req ] and
// [ alt_names ]), an extension file (`.ext`) and a Vault Agent config (`.hcl` rendering pkiCert
// through a role a script defines). Each file is written into the workspace and opened; hovers are
// read through vscode.executeHoverProvider, diagnostics waited for on onDidChangeDiagnostics.
// The languages VS Code gives these files must activate the extension (package.json).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import { codeOf, forWorkspace, test, waitFor, waitForDiagnostics } from './harness';

const ws = (rel: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);

async function write(rel: string, text: string): Promise<vscode.TextDocument> {
  await vscode.workspace.fs.writeFile(ws(rel), new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(ws(rel));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The hover text at the `at`-th character of the first `needle` (after `from`). */
async function hoverAt(doc: vscode.TextDocument, needle: string, at = 1, from = 0): Promise<string> {
  const i = doc.getText().indexOf(needle, from);
  assert.ok(i >= 0, `${needle} not in ${doc.uri.path}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(i + at));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Waits for a hover matching `re` (the server may still be reading the files just written). */
const hoverMatching = (doc: vscode.TextDocument, needle: string, re: RegExp, at = 1) =>
  waitFor(async () => { const h = await hoverAt(doc, needle, at); return re.test(h) && h; }, `a hover on ${needle} matching ${re}`, 20_000);

const found = (d: vscode.Diagnostic[]) => d.map((x) => `${codeOf(x)}@${x.range.start.line}:${x.range.start.character}-${x.range.end.line}:${x.range.end.character}`).sort();

const CNF = `[ req ]
default_bits       = 2048
default_md         = sha1
distinguished_name = dn
req_extensions     = v3_req

[ dn ]
CN = orders

[ v3_req ]
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth, clientAuth
subjectAltName   = @alt_names

[ alt_names ]
DNS.1 = orders.prod.svc
DNS.2 = https://orders.prod.svc
`;

const EXT = `basicConstraints = CA:TRUE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
nsCertType = server
subjectAltName = DNS:orders.prod.svc, IP:10.0.0.300
`;

const SETUP = `#!/bin/sh
vault secrets enable -path=pki_int pki
vault write pki_int/roles/web allowed_domains=example.com allow_subdomains=true max_ttl=72h
`;

const AGENT = `vault {
  address = "https://vault.example.com:8200"
}

template {
  contents    = <<EOT
{{ with pkiCert "pki_int/issue/web" "common_name=orders.prod.svc" "ttl=24h" }}{{ .Cert }}{{ .Key }}{{ end }}
EOT
  destination = "/etc/tls/tls.pem"
}
`;

forWorkspace('author', () => {
  let activation: string[];

  test('the languages VS Code gives .cnf, .ext and .hcl files activate the extension', async () => {
    const ext = vscode.extensions.getExtension('certwright.certwright')!;
    const api = (await ext.activate()) as Api;
    await api.lint.start();
    activation = ext.packageJSON.activationEvents as string[];
    for (const [rel, text] of [['pki/probe.cnf', '[ v3_req ]\n'], ['pki/probe.ext', 'basicConstraints = CA:FALSE\n'], ['pki/probe.hcl', 'template {}\n']]) {
      const doc = await write(rel, text);
      assert.ok(activation.includes(`onLanguage:${doc.languageId}`), `${rel} opens as ${doc.languageId}, which must activate the extension`);
    }
    for (const lang of ['ini', 'hcl', 'terraform']) assert.ok(activation.includes(`onLanguage:${lang}`), `onLanguage:${lang} (the languages editors with an INI or HashiCorp extension give these files)`);
  }, 60_000);

  test('.cnf with [ v3_req ] and [ alt_names ]: extension and SAN lines hover; SHA-1 and a URL in DNS.2 are diagnostics at their values', async () => {
    const doc = await write('pki/openssl.cnf', CNF);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.length >= 2, 20_000);
    assert.deepEqual(found(diags), ['openssl-san-syntax@16:8-16:31', 'openssl-weak-digest@2:21-2:25']);
    assert.match(diags.find((x) => codeOf(x) === 'openssl-san-syntax')!.message, /"https:\/\/orders\.prod\.svc" is a URL/);
    assert.match(await hoverMatching(doc, 'basicConstraints', /whether the certificate is a CA/), /^`basicConstraints`: whether the certificate is a CA \(`CA:TRUE`\)/);
    assert.match(await hoverMatching(doc, 'extendedKeyUsage', /what the certificate is for/), /`serverAuth` for servers, `clientAuth` for mTLS clients/);
    assert.match(await hoverMatching(doc, 'DNS.1', /subjectAltName entry/), /`DNS\.1`: a subjectAltName entry of \[alt_names\] \(a host name clients may dial, no scheme or port\)/);
    assert.match(await hoverMatching(doc, 'default_md', /default_md/), /SHA-1 and MD5 signatures are refused by Go/);
    // The rule's own hover on the finding's range.
    assert.match(await hoverMatching(doc, 'https://orders', /openssl-san-syntax|malformed/i, 3), /malformed|openssl stops/i);
  }, 60_000);

  test('.ext file: CA:TRUE on a leaf, nsCertType and a bad IP are diagnostics; extension lines hover; a quick fix writes CA:FALSE', async () => {
    const doc = await write('pki/server.ext', EXT);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.length >= 3, 20_000);
    assert.deepEqual(found(diags), ['openssl-leaf-is-ca@0:19-0:26', 'openssl-obsolete-extension@3:0-3:19', 'openssl-san-syntax@4:41-4:51']);
    assert.match(await hoverMatching(doc, 'nsCertType', /obsolete Netscape/), /^`nsCertType`: an obsolete Netscape extension/);
    assert.match(await hoverMatching(doc, 'keyUsage', /what the key may do/), /^`keyUsage`: what the key may do/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diags.find((x) => codeOf(x) === 'openssl-leaf-is-ca')!.range);
    const fix = actions.find((a) => a.title === 'Change to CA:FALSE');
    assert.ok(fix?.edit, `a quick fix: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.match(doc.getText(), /^basicConstraints = CA:FALSE\n/);
    await waitForDiagnostics(doc.uri, (d) => !d.some((x) => codeOf(x) === 'openssl-leaf-is-ca') && d.length === 2, 20_000);
    await doc.save();
  }, 60_000);

  test('.hcl Vault Agent config: pkiCert hovers with the role a script defines; a name the role refuses is a diagnostic on it', async () => {
    await write('pki/setup.sh', SETUP);
    const doc = await write('pki/agent.hcl', AGENT);
    const diags = await waitForDiagnostics(doc.uri, (d) => d.some((x) => codeOf(x) === 'vault-role-denies-name'), 20_000);
    assert.deepEqual(found(diags), ['vault-role-denies-name@6:49-6:64']);
    assert.equal(doc.getText(diags[0].range), 'orders.prod.svc');
    const h = await hoverMatching(doc, 'pki_int/issue/web', /Requests a certificate through/, 4);
    // The language server names files by their path on disk (as the LSP test accepts): see the report.
    assert.match(h, /^Requests a certificate through `pki_int\/issue\/web`, defined in `(?:[^`]*\/)?pki\/setup\.sh`:\n\n\*\*Vault role `pki_int\/roles\/web`\*\*/);
    assert.match(h, /Admits: any name below example\.com \(allow_subdomains\)/);
    assert.match(h, /Longest certificate: 3 days \(the role's max_ttl 3 days\)/);
    // The role line of the script hovers with what it admits, in VS Code too.
    const setup = await vscode.workspace.openTextDocument(ws('pki/setup.sh'));
    assert.match(await hoverMatching(setup, 'pki_int/roles/web', /Vault role/, 4), /\*\*Vault role `pki_int\/roles\/web`\*\*/);
    // Admitting the name clears it (the diagnostics follow the script's edit).
    const edit = new vscode.WorkspaceEdit();
    const at = setup.getText().indexOf('example.com');
    edit.replace(setup.uri, new vscode.Range(setup.positionAt(at), setup.positionAt(at + 'example.com'.length)), 'example.com,svc');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitForDiagnostics(doc.uri, (d) => d.length === 0, 20_000);
    await setup.save();
  }, 90_000);
});
