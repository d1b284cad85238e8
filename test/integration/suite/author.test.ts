// Inside real VS Code, on test/fixtures/workspaces/author (trusted) and author-restricted
// (Restricted Mode): the authoring commands end to end, every quick-pick answer supplied.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import type { Api } from '../../../src/extension';
import type { TreeNode } from '../../../src/vscode/tree';
import type { AuthorResult } from '../../../src/vscode/author/commands';
import { COMMANDS } from '../../../src/vscode/ids';
import { readCertificates } from '../../../src/core/author/material';
import { codeOf, forWorkspace, spawnedByExtension, test, waitFor, waitForDiagnostics } from './harness';

const EXT = 'certwright.certwright';
let api: Api;

const ws = (rel: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
const read = (rel: string) => readFileSync(ws(rel).fsPath, 'utf8');
const mode = (rel: string) => statSync(ws(rel).fsPath).mode & 0o777;
const certs = (rel: string) => readCertificates(read(rel));

function run(id: string, ...args: unknown[]): Thenable<AuthorResult> {
  return vscode.commands.executeCommand<AuthorResult>(id, ...args);
}

async function activate(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(ws('k8s/app.yaml'));
  await vscode.window.showTextDocument(doc);
  const ext = vscode.extensions.getExtension(EXT)!;
  api = (await ext.activate()) as Api;
  await api.inventory.ready();
}

async function findTreeNode(pred: (n: TreeNode) => boolean): Promise<TreeNode | undefined> {
  const walk = async (n?: TreeNode): Promise<TreeNode | undefined> => {
    for (const k of await api.tree.getChildren(n)) {
      if (pred(k)) return k;
      const deeper = await walk(k);
      if (deeper) return deeper;
    }
    return undefined;
  };
  return walk();
}

forWorkspace('author', () => {
  test('activates; the workspace is trusted; the authoring commands are registered', async () => {
    // A permissive umask for the rest of this run: key files must still come out 0600.
    process.umask(0);
    await activate();
    assert.equal(vscode.workspace.isTrusted, true);
    const all = await vscode.commands.getCommands(true);
    for (const c of [COMMANDS.authorCreateCa, COMMANDS.authorIssue, COMMANDS.authorCreateCsr, COMMANDS.authorSignCsr, COMMANDS.authorSecret, COMMANDS.authorManifests, COMMANDS.authorPemToCertificate]) {
      assert.ok(all.includes(c.id), c.id);
    }
  });

  test('Create CA (root): ca.crt and ca.key (0600) appear; CA:TRUE, path length, key type', async () => {
    const r = await run(COMMANDS.authorCreateCa.id, { answers: { kind: 'root', name: 'Test Root CA', key: 'ecdsa-p384', days: '365', pathLength: '1', folder: 'pki/root', passphrase: '' } });
    assert.deepEqual(r.refused, undefined);
    assert.deepEqual(r.written?.map((p) => p.split('/').slice(-2).join('/')).sort(), ['root/ca.crt', 'root/ca.key']);
    assert.equal(mode('pki/root/ca.key'), 0o600);
    assert.match(read('pki/root/ca.key'), /^-----BEGIN PRIVATE KEY-----/);
    const [c] = certs('pki/root/ca.crt');
    assert.equal(c.subject.commonName, 'Test Root CA');
    assert.equal(c.isCA, true);
    assert.equal(c.pathLength, 1);
    assert.equal(c.publicKey.curve, 'P-384');
  });

  test('Create CA from the Certificates view node: an intermediate signed by the root', async () => {
    const node = await waitFor(() => findTreeNode((n) => n.kind === 'chain' && n.node.item.object.type === 'certificate' && n.node.item.object.subject.commonName === 'Test Root CA'), 'the root in the Certificates view', 20_000);
    const r = await run(COMMANDS.authorCreateCa.id, node, { answers: { name: 'Test Issuing CA', pathLength: '0', folder: 'pki/issuing' } });
    assert.deepEqual(r.refused, undefined);
    const chain = certs('pki/issuing/ca.crt');
    assert.deepEqual(chain.map((c) => c.subject.commonName), ['Test Issuing CA', 'Test Root CA']);
    assert.equal(chain[0].pathLength, 0);
    assert.equal(chain[0].authorityKeyId, chain[1].subjectKeyId);
    assert.equal(mode('pki/issuing/ca.key'), 0o600);
  });

  test('Create Istio Plug-in CA (h15): the four files from the root, ca-key.pem 0600, the chain ending at the root; or the cacerts Secret in memory', async () => {
    const r = await run(COMMANDS.authorCreateIstioCacerts.id, { answers: { ca: 'pki/root', name: 'Cluster 1 CA', key: 'ecdsa-p256', days: '200', output: 'files', folder: 'istio/cluster1' } });
    assert.deepEqual(r.refused, undefined);
    assert.deepEqual(r.written?.map((p) => p.split('/').slice(-1)[0]).sort(), ['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
    assert.equal(mode('istio/cluster1/ca-key.pem'), 0o600);
    const [ca] = certs('istio/cluster1/ca-cert.pem');
    assert.equal(ca.subject.commonName, 'Cluster 1 CA');
    assert.equal(ca.isCA, true);
    assert.equal(ca.pathLength, 0);
    assert.deepEqual(certs('istio/cluster1/cert-chain.pem').map((c) => c.subject.commonName), ['Cluster 1 CA', 'Test Root CA']);
    assert.deepEqual(certs('istio/cluster1/root-cert.pem').map((c) => c.subject.commonName), ['Test Root CA']);
    const s = await run(COMMANDS.authorCreateIstioCacerts.id, { answers: { ca: 'pki/root', name: 'Cluster 2 CA', key: 'ecdsa-p256', days: '200', output: 'secret' } });
    assert.deepEqual(s.refused, undefined);
    const text = vscode.window.activeTextEditor!.document.getText();
    assert.match(text, /^kind: Secret$/m);
    assert.match(text, /^  name: cacerts$/m);
    assert.match(text, /^  ca-key\.pem: [A-Za-z0-9+/=]+$/m);
    assert.notEqual(vscode.window.activeTextEditor!.document.uri.scheme, 'file', 'the Secret is not written to disk');
  });

  test('Create Istio Plug-in CA (#15): openssl verify -x509_strict accepts the result; the four files and the saved cacerts Secret re-lint clean while a broken copy is reported', async () => {
    // The files of the previous test: ca-key.pem 0600, ca-cert.pem verified by openssl against root-cert.pem.
    assert.equal(mode('istio/cluster1/ca-key.pem'), 0o600);
    const verify = (ca: string, cert: string, untrusted?: string) => execFileSync('openssl', ['verify', '-x509_strict', '-CAfile', ws(ca).fsPath, ...(untrusted ? ['-untrusted', ws(untrusted).fsPath] : []), ws(cert).fsPath], { encoding: 'utf8' });
    assert.equal(verify('istio/cluster1/root-cert.pem', 'istio/cluster1/ca-cert.pem'), `${ws('istio/cluster1/ca-cert.pem').fsPath}: OK\n`);
    assert.equal(read('istio/cluster1/cert-chain.pem'), read('istio/cluster1/ca-cert.pem') + read('istio/cluster1/root-cert.pem'));
    // The cacerts Secret, saved into the workspace the way a user would: the four keys, its certificates verified too.
    const s = await run(COMMANDS.authorCreateIstioCacerts.id, { answers: { ca: 'pki/root', name: 'Cluster 3 CA', key: 'ecdsa-p256', days: '200', output: 'secret' } });
    assert.deepEqual(s.refused, undefined);
    const secretText = s.document!.getText();
    const [secret] = parseAllDocuments(secretText).map((d) => d.toJS());
    assert.deepEqual([secret.kind, secret.metadata.name, secret.metadata.namespace], ['Secret', 'cacerts', 'istio-system']);
    assert.deepEqual(Object.keys(secret.data).sort(), ['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
    const decoded = (k: string) => Buffer.from(secret.data[k], 'base64').toString('utf8');
    assert.match(decoded('ca-key.pem'), /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(decoded('cert-chain.pem'), decoded('ca-cert.pem') + decoded('root-cert.pem'));
    await vscode.workspace.fs.writeFile(ws('istio/secret-check/ca.crt'), Buffer.from(decoded('ca-cert.pem')));
    await vscode.workspace.fs.writeFile(ws('istio/secret-check/root.crt'), Buffer.from(decoded('root-cert.pem')));
    assert.equal(verify('istio/secret-check/root.crt', 'istio/secret-check/ca.crt'), `${ws('istio/secret-check/ca.crt').fsPath}: OK\n`);
    await vscode.workspace.fs.writeFile(ws('istio/cacerts-secret.yaml'), Buffer.from(secretText));
    // Written last: a copy of the plug-in CA files whose cert-chain.pem repeats the root. When its
    // finding is shown, the lint that read the files written before it has been published.
    for (const f of ['ca-cert.pem', 'ca-key.pem', 'root-cert.pem']) await vscode.workspace.fs.writeFile(ws(`istio/broken/${f}`), Buffer.from(read(`istio/cluster1/${f}`)));
    await vscode.workspace.fs.writeFile(ws('istio/broken/cert-chain.pem'), Buffer.from(read('istio/cluster1/cert-chain.pem') + read('istio/cluster1/root-cert.pem')));
    await waitForDiagnostics(ws('istio/broken/cert-chain.pem'), (d) => d.some((x) => codeOf(x) === 'istio-root-repeated'), 30_000);
    for (const f of ['istio/cluster1/ca-cert.pem', 'istio/cluster1/ca-key.pem', 'istio/cluster1/root-cert.pem', 'istio/cluster1/cert-chain.pem', 'istio/cacerts-secret.yaml']) {
      assert.deepEqual(vscode.languages.getDiagnostics(ws(f)).map((d) => `${codeOf(d)}: ${d.message}`), [], f);
    }
  }, 60_000);

  test('Issue Certificate on the Service manifest: SANs pre-filled (four DNS forms + SPIFFE ID), chain and root written', async () => {
    const doc = await vscode.workspace.openTextDocument(ws('k8s/app.yaml'));
    const at = doc.getText().indexOf('kind: Service');
    const r = await run(COMMANDS.authorIssue.id, doc.uri, { at }, { answers: { ca: 'pki/issuing', spiffeTrustDomain: 'cluster.local', profile: 'mtls', hours: '48', folder: 'certs/payment' } });
    assert.deepEqual(r.refused, undefined);
    const chain = certs('certs/payment/tls.crt');
    assert.deepEqual(chain.map((c) => c.subject.commonName), ['payment', 'Test Issuing CA']);
    const leaf = chain[0];
    assert.deepEqual(leaf.san.dnsNames, ['payment', 'payment.prod', 'payment.prod.svc', 'payment.prod.svc.cluster.local']);
    assert.deepEqual(leaf.san.uris, ['spiffe://cluster.local/ns/prod/sa/payment-sa']);
    assert.deepEqual(leaf.extendedKeyUsage, ['server auth', 'client auth']);
    assert.ok(Math.abs(leaf.notAfter.getTime() - Date.now() - 48 * 3.6e6) < 60_000);
    assert.equal(certs('certs/payment/ca.crt')[0].subject.commonName, 'Test Root CA');
    assert.equal(mode('certs/payment/tls.key'), 0o600);
  });

  test('existing files are not overwritten without confirmation; with it they are', async () => {
    const before = read('certs/payment/tls.crt');
    const answers = { ca: 'pki/issuing', cn: 'payment', sans: 'payment.prod.svc', folder: 'certs/payment' };
    const refused = await run(COMMANDS.authorIssue.id, { answers });
    assert.match(refused.refused ?? '', /not replacing/);
    assert.equal(read('certs/payment/tls.crt'), before);
    const replaced = await run(COMMANDS.authorIssue.id, { answers: { ...answers, overwrite: true } });
    assert.deepEqual(replaced.refused, undefined);
    assert.notEqual(read('certs/payment/tls.crt'), before);
    assert.deepEqual(certs('certs/payment/tls.crt')[0].san.dnsNames, ['payment.prod.svc']);
    assert.equal(mode('certs/payment/tls.key'), 0o600);
  });

  test('Create CSR, then Sign CSR with CA', async () => {
    const c = await run(COMMANDS.authorCreateCsr.id, { answers: { cn: 'orders', sans: 'orders.shop.svc, 10.0.0.7', profile: 'client', key: 'ed25519', folder: 'certs/orders' } });
    assert.deepEqual(c.refused, undefined);
    assert.match(read('certs/orders/tls.csr'), /BEGIN CERTIFICATE REQUEST/);
    assert.equal(mode('certs/orders/tls.key'), 0o600);
    const s = await run(COMMANDS.authorSignCsr.id, { answers: { csr: 'certs/orders/tls.csr', ca: 'pki/issuing', folder: 'certs/orders' } });
    assert.deepEqual(s.refused, undefined);
    const [leaf] = certs('certs/orders/tls.crt');
    assert.equal(leaf.subject.commonName, 'orders');
    assert.deepEqual(leaf.extendedKeyUsage, ['client auth']);
    assert.deepEqual(leaf.san.ipAddresses, ['10.0.0.7']);
    assert.equal(leaf.publicKey.algorithm, 'Ed25519');
  });

  test('encrypted CA key: the passphrase is asked for; a wrong one is refused cleanly', async () => {
    const r = await run(COMMANDS.authorCreateCa.id, { answers: { name: 'Locked CA', folder: 'pki/locked', passphrase: 'open sesame' } });
    assert.deepEqual(r.refused, undefined);
    assert.match(read('pki/locked/ca.key'), /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const wrong = await run(COMMANDS.authorIssue.id, { answers: { ca: 'pki/locked', caPassphrase: 'nope', cn: 'x', sans: 'x', folder: 'certs/locked' } });
    assert.match(wrong.refused ?? '', /wrong passphrase/);
    assert.equal(existsSync(ws('certs/locked/tls.crt').fsPath), false);
    const ok = await run(COMMANDS.authorIssue.id, { answers: { ca: 'pki/locked', caPassphrase: 'open sesame', cn: 'x', sans: 'x', folder: 'certs/locked' } });
    assert.deepEqual(ok.refused, undefined);
  });

  test('Kubernetes TLS Secret opens in a read-only in-memory editor (nothing written, no hot-exit backup) and warns about the git-tracked folder', async () => {
    const r = await run(COMMANDS.authorSecret.id, { answers: { cert: 'certs/payment/tls.crt', namespace: 'prod' } });
    assert.deepEqual(r.refused, undefined);
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.scheme, 'certwright-secret', 'not an untitled editor: VS Code would back it up to disk');
    assert.equal(doc.isDirty, false);
    assert.notEqual(vscode.workspace.fs.isWritableFileSystem('certwright-secret'), true);
    assert.equal(doc.languageId, 'yaml');
    const [secret] = parseAllDocuments(doc.getText()).map((d) => d.toJS());
    assert.equal(secret.kind, 'Secret');
    assert.equal(secret.type, 'kubernetes.io/tls');
    assert.deepEqual(secret.metadata, { name: 'payment-tls', namespace: 'prod' });
    assert.deepEqual(Object.keys(secret.data), ['tls.crt', 'tls.key', 'ca.crt']);
    assert.ok(r.warnings?.some((w) => /tracked by git/.test(w)), JSON.stringify(r.warnings));
    // The harness sees the processes the extension starts (here: git), so its Restricted Mode check means something.
    assert.ok(spawnedByExtension().some((c) => c === 'execFile git'), JSON.stringify(spawnedByExtension()));
    assert.equal(existsSync(ws('certs/payment/secret.yaml').fsPath), false);
  });

  test('cert-manager manifests for the workspace Services: usages inferred, trust bundle, SPIFFE', async () => {
    const r = await run(COMMANDS.authorManifests.id, { answers: { services: ['prod/payment', 'prod/ledger'], trustBundle: true, spiffeTrustDomain: 'cluster.local' } });
    assert.deepEqual(r.refused, undefined);
    const docs = parseAllDocuments(vscode.window.activeTextEditor!.document.getText()).map((d) => d.toJS());
    const byName = Object.fromEntries(docs.map((d) => [`${d.kind}/${d.metadata.name}`, d]));
    assert.deepEqual(byName['Certificate/payment-tls'].spec.usages, ['digital signature', 'server auth', 'client auth'], 'payment calls ledger');
    assert.deepEqual(byName['Certificate/ledger-tls'].spec.usages, ['digital signature', 'server auth']);
    assert.deepEqual(byName['Certificate/payment-tls'].spec.uris, ['spiffe://cluster.local/ns/prod/sa/payment-sa']);
    assert.ok(byName['Bundle/mtls-ca-bundle']);
    assert.ok(byName['ClusterIssuer/mtls-ca-issuer']);
  });

  test('PEM to cert-manager Certificate from the Certificates view', async () => {
    const node = await waitFor(() => findTreeNode((n) => n.kind === 'chain' && n.node.item.object.type === 'certificate' && n.node.item.object.subject.commonName === 'orders'), 'the orders certificate in the view', 20_000);
    const r = await run(COMMANDS.authorPemToCertificate.id, node, { answers: { namespace: 'shop' } });
    assert.deepEqual(r.refused, undefined);
    const [c] = parseAllDocuments(vscode.window.activeTextEditor!.document.getText()).map((d) => d.toJS());
    assert.equal(c.kind, 'Certificate');
    assert.deepEqual(c.metadata, { name: 'orders', namespace: 'shop' });
    assert.deepEqual(c.spec.dnsNames, ['orders.shop.svc']);
    assert.deepEqual(c.spec.privateKey.algorithm, 'Ed25519');
  });

  test('code actions on a Service manifest offer issuing and manifests', async () => {
    const doc = await vscode.workspace.openTextDocument(ws('k8s/app.yaml'));
    const pos = doc.positionAt(doc.getText().indexOf('name: ledger'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(pos, pos));
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Certwright: Issue certificate for Service ledger'), titles.join(' | '));
    assert.ok(titles.includes('Certwright: cert-manager manifests for Service ledger'), titles.join(' | '));
  });

  test('one workspace file service and one object model: each file once through a link loop; Pods and CronJobs get code actions', async () => {
    // k8s/app.yaml is also manifests/app.yaml (a link to the folder) and k8s/loop/app.yaml (a loop):
    // listed once, by its real path, whichever path the search met first.
    const yaml = (await api.files.yamlFiles()).map((u) => vscode.workspace.asRelativePath(u, false)).sort();
    assert.deepEqual(yaml.filter((p) => /(^|\/)(app|jobs)\.yaml$/.test(p)), ['k8s/app.yaml', 'k8s/jobs.yaml'], yaml.join(', '));
    const searches = api.files.searches;
    await api.files.yamlFiles();
    assert.equal(api.files.searches, searches, 'the YAML file list is shared, not searched again');
    const doc = await vscode.workspace.openTextDocument(ws('k8s/jobs.yaml'));
    for (const [needle, title] of [['name: worker-0', 'Certwright: Issue certificate for Pod worker-0'], ['name: nightly', 'Certwright: Issue certificate for CronJob nightly']]) {
      const pos = doc.positionAt(doc.getText().indexOf(needle));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(pos, pos));
      assert.ok(actions.some((a) => a.title === title), actions.map((a) => a.title).join(' | '));
    }
  });
});

forWorkspace('author-restricted', () => {
  test('Restricted Mode: key-creating commands refuse with a message naming Restricted Mode and write nothing; manifests still work', async () => {
    await activate();
    assert.equal(vscode.workspace.isTrusted, false);
    for (const id of [COMMANDS.authorCreateCa.id, COMMANDS.authorIssue.id, COMMANDS.authorCreateCsr.id, COMMANDS.authorSignCsr.id, COMMANDS.authorSecret.id, COMMANDS.authorCreateIstioCacerts.id]) {
      const r = await run(id, { answers: { name: 'X', folder: 'pki/x', cn: 'x', sans: 'x' } });
      assert.match(r.refused ?? '', /^Certwright: .+ is not available in Restricted Mode: it creates private keys and certificates\. Trust this workspace to use it\.$/, id);
    }
    assert.equal(existsSync(ws('pki').fsPath), false);
    const m = await run(COMMANDS.authorManifests.id, { answers: { services: ['prod/payment'] } });
    assert.deepEqual(m.refused, undefined);
    assert.match(vscode.window.activeTextEditor!.document.getText(), /kind: Certificate/);
  });
});
