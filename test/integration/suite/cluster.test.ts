// Inside real VS Code: the Cluster Certificates view against stand-in Kubernetes API servers
// started here, in the extension host (test/support/kube-standin.ts), through a real kubeconfig
// file that `certwright.cluster.kubeconfig` points at. Workspaces: cluster (trusted) and
// cluster-restricted (Restricted Mode).
import * as assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import type { ClusterNode } from '../../../src/vscode/cluster/nodes';
import { ClusterFixture, makeClusterFixture } from '../../support/cluster-fixture';
import { forWorkspace, test, waitFor } from './harness';
import { saw, sawKey } from './shown';

const EXT = 'certwright.certwright';
let api: Api;
let fx: ClusterFixture;

type Row = { node: ClusterNode; item: vscode.TreeItem; label: string; description: string; icon: string };

async function rows(node?: ClusterNode): Promise<Row[]> {
  const kids = await api.cluster.getChildren(node);
  return kids.map((n) => {
    const item = api.cluster.getTreeItem(n);
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : '';
    saw(`Cluster view ${n.id}`, label, item.description, item.tooltip);
    return { node: n, item, label, description: String(item.description ?? ''), icon };
  });
}

async function child(parent: ClusterNode | undefined, label: string): Promise<Row> {
  const list = await rows(parent);
  const r = list.find((x) => x.label === label);
  assert.ok(r, `no "${label}" under ${parent ? parent.id : 'the root'}: ${list.map((x) => x.label).join(', ')}`);
  return r;
}

/** Waits until a namespace has finished loading (no "Loading more" node). */
async function settled(ns: ClusterNode): Promise<Row[]> {
  return waitFor(async () => {
    const list = await rows(ns);
    return list.some((r) => r.label.startsWith('Loading more')) ? undefined : list;
  }, `namespace ${ns.id} to finish loading`);
}

const cfg = () => vscode.workspace.getConfiguration('certwright');

/** The stand-ins' Secrets hold these keys (tls.key): the secret-hygiene sweep looks for them. */
function reportKeys(f: ClusterFixture): void {
  for (const [name, issued] of Object.entries({ ...f.certs, issuerCa: f.issuerCa })) sawKey(`cluster stand-in tls.key (${name})`, issued.keyPem);
}

/** Shows an editor's text to the sweep and returns it. */
function seen(editor: vscode.TextEditor, what: string): string {
  const text = editor.document.getText();
  saw(what, text);
  return text;
}

forWorkspace('cluster', () => {
  test('stand-in API servers start in the extension host; the view reads the kubeconfig the setting names', async () => {
    const ext = vscode.extensions.getExtension(EXT)!;
    api = (await ext.activate()) as Api;
    assert.equal(vscode.workspace.isTrusted, true);
    fx = await makeClusterFixture();
    reportKeys(fx);
    await cfg().update('cluster.timeoutSeconds', 1, vscode.ConfigurationTarget.Workspace);
    await cfg().update('cluster.kubeconfig', fx.kubeconfig, vscode.ConfigurationTarget.Global);
    const top = await waitFor(async () => {
      const r = await rows();
      return r.length === 6 ? r : undefined;
    }, 'six contexts');
    assert.deepEqual(top.map((r) => r.label), ['alpha', 'beta', 'down', 'hang', 'stale', 'stranger']);
    assert.match(top[0].description, /^current · https:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(api.cluster.loaded, 'dist/cluster.js is loaded once the view is used');
  }, 60_000);

  test('context → namespaces → TLS Secrets, soonest expiry first, with status icons and descriptions', async () => {
    const alpha = await child(undefined, 'alpha');
    assert.deepEqual((await rows(alpha.node)).map((r) => r.label), ['Admission webhooks', 'CRD conversion webhooks', 'APIServices', 'Client certificate of alpha-user', 'empty', 'restricted', 'shop']);
    const shop = await child(alpha.node, 'shop');
    const secrets = await settled(shop.node);
    assert.deepEqual(secrets.map((r) => r.label), ['legacy-tls', 'payments-tls', 'web-tls', 'opaque-bundle']);
    const [legacy, payments, web, opaque] = secrets;
    assert.match(legacy.description, /^expired 3 days ago · legacy\.shop\.svc$/);
    assert.equal(legacy.icon, 'error');
    assert.match(payments.description, /^[45] days left · payments\.shop\.svc$/);
    assert.equal(payments.icon, 'warning');
    assert.match(web.description, /^(199|200) days left · web\.shop\.svc$/);
    assert.equal(web.icon, 'verified');
    assert.match(opaque.description, /Cluster Issuer CA · Opaque$/);
    assert.equal(opaque.icon, 'shield');
    assert.ok((web.item.tooltip as vscode.MarkdownString).value.includes('DNS:web.shop.svc.cluster.local'));
    assert.equal(web.item.contextValue, 'clusterSecretWithCa');
    assert.equal((await rows((await child(alpha.node, 'empty')).node))[0].label, 'No Secrets with TLS material');
  });

  test('expanding a Secret decodes its chain like the workspace tree, and describes the key only', async () => {
    const alpha = await child(undefined, 'alpha');
    const shop = await child(alpha.node, 'shop');
    const web = await child(shop.node, 'web-tls');
    const kids = await rows(web.node);
    // With tls.crt and ca.crt, the first line says whether ca.crt validates tls.crt (#21).
    assert.deepEqual(kids.map((r) => r.label), ['Chain valid: ca.crt validates tls.crt CN=web.shop.svc of Secret shop/web-tls', 'web.shop.svc', 'Cluster Issuer CA', 'ECDSA P-256 private key, matches tls.crt']);
    assert.equal(kids[0].icon, 'info');
    assert.match(kids[1].description, /^tls\.crt · \d+ (days|years) left$/);
    assert.match(kids[2].description, /^ca\.crt · \d+ (days|years) left · root CA$/);
    assert.equal(kids[2].icon, 'shield');
    assert.equal(kids[3].icon, 'key');
  });

  test('403 namespace, unreachable, hanging, expired-credential and untrusted-certificate contexts are nodes with the reason', async () => {
    const alpha = await child(undefined, 'alpha');
    const restricted = await rows((await child(alpha.node, 'restricted')).node);
    assert.equal(restricted.length, 2, 'Secrets and ConfigMaps: one node each with its reason');
    // The two lists answer in either order.
    restricted.sort((a, b) => (a.label === 'No permission (403)' ? -1 : b.label === 'No permission (403)' ? 1 : 0));
    assert.equal(restricted[0].label, 'No permission (403)');
    assert.match(restricted[0].description, /secrets is forbidden: User "alice" cannot list resource "secrets" in API group "" in the namespace "restricted"/);
    assert.equal(restricted[1].label, 'ConfigMaps: No permission (403)');
    assert.match(restricted[1].description, /configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "restricted"/);
    const expect: Record<string, [string, RegExp]> = {
      down: ['API server unreachable', /ECONNREFUSED/],
      hang: ['No answer (timeout)', /within 1 s/],
      stale: ['Expired or invalid credentials', /client certificate of user "stale-user" expired on/],
      stranger: ['Unauthorized (401)', /rejected the credentials of context "stranger"/],
    };
    for (const [ctx, [label, detail]] of Object.entries(expect)) {
      const r = await rows((await child(undefined, ctx)).node);
      assert.equal(r.length, 1, ctx);
      assert.equal(r[0].label, label, ctx);
      assert.equal(r[0].icon, 'error', ctx);
      assert.match(r[0].description, detail, ctx);
    }
  });

  test('the decoded Secret document: cards for tls.crt and ca.crt, the key line, no key material, read-only', async () => {
    const alpha = await child(undefined, 'alpha');
    const web = await child((await child(alpha.node, 'shop')).node, 'web-tls');
    const editor = (await vscode.commands.executeCommand('certwright.cluster.openSecret', web.node)) as vscode.TextEditor;
    const doc = editor.document;
    assert.equal(doc.uri.scheme, 'certwright-cluster');
    const text = seen(editor, 'decoded Secret shop/web-tls');
    for (const want of ['Secret shop/web-tls', 'Context:              alpha', 'tls.key:              ECDSA P-256 private key, matches tls.crt', 'tls.crt, certificate 1 of 1 (leaf)', 'ca.crt, certificate 1 of 1', 'DNS:web.shop.svc.cluster.local', 'CN=Cluster Issuer CA']) {
      assert.ok(text.includes(want), `missing "${want}":\n${text}`);
    }
    for (const line of fx.certs.valid.keyPem.split('\n').filter((l) => l && !l.startsWith('-----'))) assert.ok(!text.includes(line), 'key material in the document');
    assert.ok(!text.includes('PRIVATE KEY-----'));
    // A content-provider document: no file system behind it, nothing can be saved.
    assert.notEqual(vscode.workspace.fs.isWritableFileSystem('certwright-cluster'), true);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('cert-manager Certificates: Ready, notAfter, renewalTime, and drift against the issued certificate and the workspace manifest', async () => {
    const beta = await child(undefined, 'beta');
    const payments = await child(beta.node, 'payments');
    const list = await settled(payments.node);
    assert.deepEqual(list.map((r) => r.label), ['orders', 'api', 'orders-tls', 'api-tls']);
    assert.match(list[0].description, /^Certificate · Not ready · (29|30) days left$/);
    assert.equal(list[0].icon, 'error');
    assert.match(list[1].description, /^Certificate · Ready · (89|90) days left · renews \d{4}-\d\d-\d\d$/);
    const orders = await rows(list[0].node);
    const labels = orders.map((r) => r.label);
    assert.match(labels[0], /^Not ready: Issuing \(Issuing certificate as Secret was previously issued by Issuer\.cert-manager\.io\/old-ca\)$/);
    assert.ok(labels.includes('orders-tls'), 'the Secret is under its Certificate');
    const drift = orders.filter((r) => r.node.kind === 'drift');
    const texts = drift.map((r) => `${r.description}: ${r.label}`);
    assert.ok(texts.some((t) => /drift: issued certificate: DNS names: spec has orders\.shop\.svc, orders\.shop\.svc\.cluster\.local, issued certificate has orders\.shop\.svc/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /drift: issued certificate: issuer: spec has ClusterIssuer\/shop-ca, issued certificate has Issuer\/old-ca/.test(t)), texts.join('\n'));
    assert.ok(texts.some((t) => /drift: workspace manifest: duration: spec has 2160h, workspace manifest has 720h/.test(t)), texts.join('\n'));
    const api2 = await rows(list[1].node);
    assert.ok(api2.some((r) => r.label === 'No drift: the issued certificate match the spec' || r.label.startsWith('No drift')), api2.map((r) => r.label).join(', '));
    assert.ok(api2.some((r) => /^renewalTime \d{4}-/.test(r.label)));
    const editor = (await vscode.commands.executeCommand('certwright.cluster.openSecret', list[0].node)) as vscode.TextEditor;
    const text = seen(editor, 'decoded Certificate payments/orders');
    assert.match(text, /cert-manager Certificate orders/);
    assert.match(text, /- duration: spec has 2160h, workspace manifest has 720h/);
    assert.match(text, /tls\.key: +ECDSA P-256 private key, matches tls\.crt/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('copy ca.crt, and save the certificate (not the key) into the workspace', async () => {
    const alpha = await child(undefined, 'alpha');
    const web = await child((await child(alpha.node, 'shop')).node, 'web-tls');
    const pem = (await vscode.commands.executeCommand('certwright.cluster.copyCaCrt', web.node)) as string;
    const norm = (s: string) => s.replace(/\s+/g, '');
    assert.equal(norm(pem), norm(fx.issuerCa.certPem));
    assert.equal(norm(await vscode.env.clipboard.readText()), norm(fx.issuerCa.certPem));
    const uri = (await vscode.commands.executeCommand('certwright.cluster.saveCertificate', web.node)) as vscode.Uri;
    assert.ok(uri.path.endsWith('/shop-web-tls.crt'), uri.path);
    const saved = readFileSync(uri.fsPath, 'utf8');
    saw('copied ca.crt and the saved certificate', pem, saved);
    assert.equal(norm(saved), norm(fx.certs.valid.certPem));
    assert.ok(!saved.includes('PRIVATE KEY'));
    // A dangling link planted at the next name is never written through: the save takes another name.
    const outside = mkdtempSync(join(tmpdir(), 'cw-outside-'));
    const planted = uri.fsPath.replace(/\.crt$/, '-2.crt');
    symlinkSync(join(outside, 'stolen.crt'), planted);
    try {
      const again = (await vscode.commands.executeCommand('certwright.cluster.saveCertificate', web.node)) as vscode.Uri;
      assert.ok(again.path.endsWith('/shop-web-tls-3.crt'), again.path);
      assert.equal(norm(readFileSync(again.fsPath, 'utf8')), norm(fx.certs.valid.certPem));
      assert.ok(!existsSync(join(outside, 'stolen.crt')), 'nothing was written through the link');
      assert.ok(lstatSync(planted).isSymbolicLink());
    } finally {
      rmSync(planted, { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  test('filter, and "Show certificates expiring within N days" across all contexts', async () => {
    const alpha = await child(undefined, 'alpha');
    const shop = await child(alpha.node, 'shop');
    await vscode.commands.executeCommand('certwright.cluster.filter', 'payments');
    const filtered = await rows(shop.node);
    assert.deepEqual(filtered.map((r) => r.label), ['Filter "payments": 1 of 4 Secrets', 'payments-tls']);
    await vscode.commands.executeCommand('certwright.cluster.filter', '');
    assert.equal((await rows(shop.node)).length, 4);
    const r = (await vscode.commands.executeCommand('certwright.cluster.showExpiring', 30)) as { text: string; count: number };
    saw('expiring report', r.text);
    // Every kind (#21): TLS Secrets, then ConfigMaps, webhooks, CRDs, APIServices and the kubeconfig's client certificate.
    const listed = r.text.split('\n').filter((l) => l.startsWith('  ') && !l.startsWith('  !'));
    assert.equal(r.count, listed.length, r.text);
    assert.match(r.text, /Context alpha: 2 TLS Secrets, \d+ other certificates? \([^)]*\)\n {2}shop\/legacy-tls: CN=legacy\.shop\.svc · expired 3 days ago/);
    assert.match(r.text, /shop\/payments-tls/);
    assert.match(r.text, /Context beta: 1 TLS Secret, 2 other certificates \(ConfigMaps, webhooks, CRDs, APIServices, kubeconfig\)\n {2}payments\/orders-tls.*\n {2}webhook CustomResourceDefinition\/widgets\.example\.com spec\.conversion\.webhook\.clientConfig\.caBundle: CN=Conversion CA · expired 2 days ago.*\n {2}apiservice APIService\/v1beta1\.metrics\.k8s\.io spec\.caBundle: CN=Metrics Server CA · [45] days left/);
    assert.match(r.text, /Context stale: 0 TLS Secrets, 1 other certificate [^\n]*\n {2}kubeconfig kubeconfig\/\S+ client-certificate-data: CN=carol · expired/);
    assert.match(r.text, /Context down: 0 TLS Secrets, \d+ other certificates? [^\n]*\n(?: {2}kubeconfig .*\n)* {2}! Cannot reach the API server/);
    assert.ok(!r.text.includes('PRIVATE KEY'));
    assert.match(r.text, /! restricted: Forbidden \(403\)/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, 'certwright-cluster');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  }, 30_000);

  test('#21: webhooks, CRD conversion webhooks, APIServices and the kubeconfig client certificate per context, with caBundle chain checks', async () => {
    const beta = await child(undefined, 'beta');
    const top = await rows(beta.node);
    assert.deepEqual(top.slice(0, 4).map((r) => r.label), ['Admission webhooks', 'CRD conversion webhooks', 'APIServices', 'Client certificate of beta-user']);
    assert.ok(top.some((r) => r.label === 'istio-system') && top.some((r) => r.label === 'payments'));
    const own = top[3];
    assert.match(own.description, /^\d+ (days|years) left · bob · kubeconfig$/);
    assert.equal(own.icon, 'verified');
    assert.deepEqual((await rows(own.node)).map((r) => r.label), ['bob']);
    // The admission webhooks: the checks run in the background and appear on the nodes.
    const hooks = await waitFor(async () => {
      const r = await rows(top[0].node);
      return r.every((x) => /chain (valid|INVALID|not checked)$/.test(x.description)) ? r : undefined;
    }, 'the caBundle checks of the admission webhooks');
    const byLabel = new Map(hooks.map((r) => [r.label, r]));
    assert.deepEqual([...byLabel.keys()].sort(), ['policy', 'policy-defaults']);
    assert.match(byLabel.get('policy')!.description, /^\d+ (days|years) left · Policy Webhook CA · validating webhook validate\.policy\.example\.com · chain valid$/);
    assert.equal(byLabel.get('policy')!.icon, 'shield');
    const bad = byLabel.get('policy-defaults')!;
    assert.match(bad.description, /^\d+ (days|years) left · Rotated-away Webhook CA · mutating webhook default\.policy\.example\.com · chain INVALID$/);
    assert.equal(bad.icon, 'error');
    const tip = (bad.item.tooltip as vscode.MarkdownString).value;
    assert.ok(tip.includes('Chain INVALID: the caBundle does not validate the serving certificate CN=policy-webhook.webhooks.svc of Secret webhooks/policy-webhook-tls for policy-webhook.webhooks.svc'), tip);
    assert.ok(tip.includes('CN=Rotated-away Webhook CA'), 'the certificate card');
    const badKids = await rows(bad.node);
    assert.match(badKids[0].label, /^Chain INVALID: .*issuer CN=Policy Webhook CA is neither a trusted root/);
    assert.equal(badKids[0].icon, 'error');
    assert.equal(badKids[1].label, 'Rotated-away Webhook CA');
    assert.match(badKids[1].description, /^default\.policy\.example\.com · \d+ (days|years) left · root CA$/);
    // The CRD conversion webhook's caBundle expired; the APIService's expires in 5 days.
    const crd = await waitFor(async () => {
      const r = await rows(top[1].node);
      return r.length === 1 && r[0].description.endsWith('chain INVALID') ? r[0] : undefined;
    }, 'the CRD conversion webhook check');
    assert.equal(crd.label, 'widgets.example.com');
    assert.match(crd.description, /^expired 2 days ago · Conversion CA · CRD conversion webhook · chain INVALID$/);
    assert.equal(crd.icon, 'error');
    assert.match((await rows(crd.node))[0].label, /webhooks\/conversion-tls for conversion\.webhooks\.svc: expired at .* \(certificate 2 of the chain\)$/);
    const api2 = await waitFor(async () => {
      const r = await rows(top[2].node);
      return r.length === 1 && r[0].description.endsWith('chain valid') ? r[0] : undefined;
    }, 'the APIService check');
    assert.equal(api2.label, 'v1beta1.metrics.k8s.io');
    assert.match(api2.description, /^[45] days left · Metrics Server CA · APIService · chain valid$/);
    assert.equal(api2.icon, 'warning');
    // 403 on one kind: a node with the API server's reason.
    const alpha = await child(undefined, 'alpha');
    const denied = await rows((await child(alpha.node, 'APIServices')).node);
    assert.equal(denied.length, 1);
    assert.equal(denied[0].label, 'APIServices: No permission (403)');
    assert.equal(denied[0].icon, 'error');
    assert.match(denied[0].description, /apiservices\.apiregistration\.k8s\.io is forbidden: User "alice" cannot list resource "apiservices"/);
    assert.equal((await rows((await child(alpha.node, 'Admission webhooks')).node))[0].label, 'No admission webhook with a caBundle');
  }, 60_000);

  test('#21: ConfigMaps with certificates and Istio\'s CA Secrets in their namespace, soonest expiry first, bundles decoded', async () => {
    const beta = await child(undefined, 'beta');
    const istio = await settled((await child(beta.node, 'istio-system')).node);
    const labels = istio.map((r) => `${r.label} | ${r.description.replace(/^[^·]+· /, '')}`);
    assert.deepEqual(labels.slice().sort(), [
      'cacerts | Istio Intermediate CA · Opaque',
      'istio-ca-root-cert | Mesh Root CA · ConfigMap root-cert.pem',
      'istio-ca-secret | Mesh Root CA · istio.io/ca-root',
      'mesh-trust-bundle | Mesh Root CA · ConfigMap root.der',
      'mesh-trust-bundle | root.linkerd.cluster.local · 3 certificates · ConfigMap trust-bundle.pem',
    ], labels.join('\n'));
    assert.equal(istio[0].label, 'mesh-trust-bundle', 'the bundle holds the root that expires first');
    const bundle = await rows(istio[0].node);
    assert.deepEqual(bundle.map((r) => r.label), ['Mesh Root CA', 'root.linkerd.cluster.local', 'Policy Webhook CA']);
    assert.match(bundle[1].description, /^trust-bundle\.pem 2\/3 · \d+ (days|years) left · root CA$/);
    const cacerts = await rows(istio.find((r) => r.label === 'cacerts')!.node);
    assert.deepEqual(cacerts.map((r) => `${r.label} | ${r.description.split(' · ')[0]}`), [
      'Istio Intermediate CA | ca-cert.pem', 'Istio Intermediate CA | cert-chain.pem 1/2', 'Mesh Root CA | cert-chain.pem 2/2', 'Mesh Root CA | root-cert.pem',
    ]);
    assert.ok(!cacerts.some((r) => /key/i.test(r.label)), 'ca-key.pem is never decoded');
    const kube = await settled((await child(beta.node, 'kube-system')).node);
    assert.deepEqual(kube.map((r) => r.label), ['metrics-server-tls', 'kube-root-ca.crt']);
    const webhooks = await child(beta.node, 'webhooks');
    const policyTls = await rows((await child(webhooks.node, 'policy-webhook-tls')).node);
    assert.ok(policyTls.every((r) => !r.label.startsWith('Chain')), 'no ca.crt: no chain to check');
    const metrics = await rows(kube[0].node);
    assert.equal(metrics[0].label, 'Chain valid: ca.crt validates tls.crt CN=metrics-server.kube-system.svc of Secret kube-system/metrics-server-tls');
    await vscode.commands.executeCommand('certwright.cluster.filter', 'linkerd');
    const filtered = await rows((await child(beta.node, 'istio-system')).node);
    assert.deepEqual(filtered.map((r) => r.label), ['Filter "linkerd": 0 of 2 Secrets, 1 of 3 ConfigMap keys', 'mesh-trust-bundle']);
    await vscode.commands.executeCommand('certwright.cluster.filter', '');
  }, 60_000);

  test('#21: open decoded, copy PEM and save (certificates only) on ConfigMap, CRD, APIService and kubeconfig certificate nodes', async () => {
    const norm = (x: string) => x.replace(/\s+/g, '');
    const beta = await child(undefined, 'beta');
    const istio = await settled((await child(beta.node, 'istio-system')).node);
    const root = istio.find((r) => r.label === 'istio-ca-root-cert')!;
    assert.equal(root.item.contextValue, 'clusterSource');
    // The package.json menus offer the three actions on these nodes (when clauses by contextValue).
    const menus = (vscode.extensions.getExtension(EXT)!.packageJSON.contributes.menus['view/item/context'] as Array<{ command: string; when: string }>);
    for (const command of ['certwright.cluster.openCertificates', 'certwright.cluster.copyPem', 'certwright.cluster.saveCertificate']) {
      for (const value of ['clusterSource', 'clusterSourceCert']) {
        assert.ok(menus.some((m) => m.command === command && m.when.includes('view == certwright.clusterCertificates') && new RegExp(/viewItem =~ \/(.*)\/$/.exec(m.when)![1]).test(value)), `${command} on ${value}`);
      }
    }
    const editor = (await vscode.commands.executeCommand('certwright.cluster.openCertificates', root.node)) as vscode.TextEditor;
    const text = seen(editor, 'decoded ConfigMap certificate');
    assert.equal(editor.document.uri.scheme, 'certwright-cluster');
    assert.match(text, /^ConfigMap istio-system\/istio-ca-root-cert\n#+\nContext: +beta\nKey: +root-cert\.pem\nCertificates: +1\n/);
    assert.match(text, /Subject: .*Mesh Root CA/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const pem = (await vscode.commands.executeCommand('certwright.cluster.copyPem', root.node)) as string;
    assert.equal(norm(pem), norm(fx.sources.meshRoot.certPem));
    assert.equal(norm(await vscode.env.clipboard.readText()), norm(fx.sources.meshRoot.certPem));
    const uri = (await vscode.commands.executeCommand('certwright.cluster.saveCertificate', root.node)) as vscode.Uri;
    assert.ok(uri.path.endsWith('/istio-system-istio-ca-root-cert-root-cert.pem.crt'), uri.path);
    const saved = readFileSync(uri.fsPath, 'utf8');
    saw('saved ConfigMap certificate', pem, saved);
    assert.equal(norm(saved), norm(fx.sources.meshRoot.certPem));
    rmSync(uri.fsPath);
    // One certificate of a bundle (its node opens it on click).
    const bundle = istio.find((r) => r.description.includes('trust-bundle.pem'))!;
    const second = (await rows(bundle.node))[1];
    assert.equal(second.item.contextValue, 'clusterSourceCert');
    assert.equal(second.item.command?.command, 'certwright.cluster.openCertificates');
    assert.equal(norm((await vscode.commands.executeCommand('certwright.cluster.copyPem', second.node)) as string), norm(fx.sources.linkerdRoot.certPem));
    const one = seen((await vscode.commands.executeCommand('certwright.cluster.openCertificates', second.node)) as vscode.TextEditor, 'decoded bundle certificate');
    assert.match(one, /Source: +trust-bundle\.pem, certificate 2 of 3/);
    assert.ok(!one.includes('certificate 1 of 3') && !one.includes('certificate 3 of 3'), 'only the certificate picked');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // The CRD conversion webhook (with its chain check), the APIService and the kubeconfig's client certificate.
    const top = await rows(beta.node);
    const crd = (await rows(top[1].node))[0];
    const crdText = seen((await vscode.commands.executeCommand('certwright.cluster.openCertificates', crd.node)) as vscode.TextEditor, 'decoded CRD caBundle');
    assert.match(crdText, /^CustomResourceDefinition widgets\.example\.com\n/);
    assert.match(crdText, /Service: +webhooks\/conversion\nChain: +Chain INVALID/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const apiService = (await rows(top[2].node))[0];
    assert.equal(norm((await vscode.commands.executeCommand('certwright.cluster.copyPem', apiService.node)) as string), norm(fx.sources.expiringCa.certPem));
    const own = top.find((r) => r.label === 'Client certificate of beta-user')!;
    const ownPem = (await vscode.commands.executeCommand('certwright.cluster.copyPem', own.node)) as string;
    const ownUri = (await vscode.commands.executeCommand('certwright.cluster.saveCertificate', own.node)) as vscode.Uri;
    const ownSaved = readFileSync(ownUri.fsPath, 'utf8');
    saw('saved kubeconfig client certificate', ownPem, ownSaved);
    assert.equal(norm(ownSaved), norm(ownPem));
    assert.match(ownSaved, /^-----BEGIN CERTIFICATE-----/);
    assert.ok(!ownSaved.includes('PRIVATE KEY') && !ownPem.includes('PRIVATE KEY'), 'the client key is never copied or saved');
    rmSync(ownUri.fsPath);
  }, 60_000);

  test('refresh re-reads the cluster; stand-ins stop', async () => {
    const before = fx.alpha.requests.length;
    await vscode.commands.executeCommand('certwright.cluster.refresh');
    const alpha = await child(undefined, 'alpha');
    await rows(alpha.node);
    assert.ok(fx.alpha.requests.length > before, 'namespaces fetched again after refresh');
    await cfg().update('cluster.kubeconfig', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('cluster.timeoutSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    await fx.close();
  });
});

forWorkspace('cluster-restricted', () => {
  test('in Restricted Mode the view explains that cluster access is disabled; no kubeconfig is read, no request reaches the stand-in, no credential plugin runs', async () => {
    const ext = vscode.extensions.getExtension(EXT)!;
    api = (await ext.activate()) as Api;
    assert.equal(vscode.workspace.isTrusted, false);
    // A cluster is there (the stand-ins), and two kubeconfigs point at it: the setting's, and
    // KUBECONFIG's with an exec credential plugin that would leave a marker file if run.
    fx = await makeClusterFixture();
    reportKeys(fx);
    const marker = join(fx.dir, 'credential-plugin-ran');
    const execConfig = join(fx.dir, 'exec-config');
    writeFileSync(execConfig, [
      'apiVersion: v1', 'kind: Config', 'current-context: exec', 'clusters:', '- name: exec', '  cluster:', `    server: ${fx.alpha.url}`, '    insecure-skip-tls-verify: true',
      'users:', '- name: exec', '  user:', '    exec:', '      apiVersion: client.authentication.k8s.io/v1', '      command: /bin/sh',
      `      args: ["-c", "touch '${marker}'; echo '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"t\"}}'"]`,
      '      interactiveMode: Never', 'contexts:', '- name: exec', '  context:', '    cluster: exec', '    user: exec', '',
    ].join('\n'));
    const before = process.env.KUBECONFIG;
    process.env.KUBECONFIG = execConfig;
    try {
      // Machine-scoped: a workspace cannot set it at all (only the user can).
      await assert.rejects(Promise.resolve(cfg().update('cluster.kubeconfig', execConfig, vscode.ConfigurationTarget.Workspace)), /can be written only into User settings/);
      await cfg().update('cluster.kubeconfig', fx.kubeconfig, vscode.ConfigurationTarget.Global);
      const top = await rows();
      assert.equal(top.length, 1);
      assert.equal(top[0].label, 'Cluster access is disabled in Restricted Mode');
      assert.equal(top[0].icon, 'workspace-untrusted');
      assert.match(String(top[0].item.tooltip), /stays off until you trust this workspace/);
      assert.deepEqual(await api.cluster.getChildren(top[0].node), []);
      // Every cluster command does nothing (and says why).
      for (const [id, ...args] of [['certwright.cluster.refresh'], ['certwright.cluster.filter', 'web'], ['certwright.cluster.showExpiring', 30], ['certwright.cluster.openSecret', top[0].node], ['certwright.cluster.copyCaCrt', top[0].node], ['certwright.cluster.saveCertificate', top[0].node]] as Array<[string, ...unknown[]]>) {
        assert.equal(await vscode.commands.executeCommand(id, ...args), undefined, id);
      }
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'certwright-cluster', path: '/alpha/shop/web-tls.txt' }));
      assert.match(doc.getText(), /^Cluster access is disabled in Restricted Mode\.\n$/);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual([fx.alpha.requests.length, fx.beta.requests.length], [0, 0], 'no request reached the stand-in API servers');
      assert.equal(existsSync(marker), false, 'the exec credential plugin did not run');
      assert.equal(api.cluster.loaded, false, 'dist/cluster.js was not loaded');
      assert.ok(!Object.keys(require.cache).some((k) => k.endsWith('cluster.js') && k.includes('/dist/')), 'no cluster bundle in the module cache');
    } finally {
      if (before === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = before;
      await cfg().update('cluster.kubeconfig', undefined, vscode.ConfigurationTarget.Global);
      await fx.close();
    }
  }, 60_000);
});
