// The Gateway API quick fixes (g15, #15) inside real VS Code, on test/fixtures/workspaces/lint
// (after lint.test.ts): the ReferenceGrant a cross-namespace certificateRef needs, and
// cert-manager's Gateway API switch in the Helm values of another file, each through
// vscode.executeCodeActionProvider and workspace.applyEdit, then re-linted.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import { codeOf, forWorkspace, test, waitForDiagnostics } from './harness';

const ws = (rel: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: edge
  namespace: infra
  annotations:
    cert-manager.io/cluster-issuer: shop-ca
spec:
  gatewayClassName: istio
  listeners:
    - name: https
      hostname: www.example.com
      port: 443
      protocol: HTTPS
      tls:
        mode: Terminate
        certificateRefs:
          - name: edge-tls
            namespace: certs
`;

const VALUES = 'crds:\n  enabled: true\nreplicaCount: 1\nwebhook:\n  replicaCount: 1\ncainjector:\n  enabled: true\n';

const GRANT = `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: edge-infra-edge-tls
  namespace: certs
spec:
  from:
    - group: gateway.networking.k8s.io
      kind: Gateway
      namespace: infra
  to:
    - group: ""
      kind: Secret
      name: edge-tls
`;

/** The quick fix titled like `title` for the diagnostic `code` of `uri`, applied. */
async function applyQuickFix(uri: vscode.Uri, code: string, title: RegExp): Promise<vscode.CodeAction> {
  const diag = vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === code);
  assert.ok(diag, `no ${code} diagnostic`);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((a) => title.test(a.title));
  assert.ok(action?.edit, `no quick fix ${title} among ${actions.map((a) => a.title).join(', ')}`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  return action;
}

forWorkspace('lint', () => {
  test('Gateway API quick fixes (#15): a ReferenceGrant appended for a cross-namespace certificateRef; cert-manager\'s Gateway API switched on in its Helm values', async () => {
    const api = (await vscode.extensions.getExtension('certwright.certwright')!.activate()) as Api;
    await api.lint.start();
    const gw = ws('gateway/edge.yaml');
    const values = ws('gateway/cert-manager/values.yaml');
    await vscode.workspace.fs.writeFile(values, Buffer.from(VALUES));
    await vscode.workspace.fs.writeFile(gw, Buffer.from(GATEWAY));
    // Both opened: the server gets their text from the editor, not from the file watcher (this
    // test is about the fixes; the values file sits in a folder created in the same instant).
    const valuesDoc = await vscode.workspace.openTextDocument(values);
    const doc = await vscode.workspace.openTextDocument(gw);
    await vscode.window.showTextDocument(doc, { preview: false });
    // shop-ca: the ClusterIssuer of copies/catalog.yaml, so the annotation names an issuer that exists.
    const before = await waitForDiagnostics(gw, (d) => d.some((x) => codeOf(x) === 'gateway-cross-namespace-ref') && d.some((x) => codeOf(x) === 'gateway-shim-disabled'));
    assert.deepEqual(before.map(codeOf).sort(), ['gateway-cross-namespace-ref', 'gateway-shim-disabled']);
    const cross = before.find((d) => codeOf(d) === 'gateway-cross-namespace-ref')!;
    assert.equal(doc.getText(cross.range), 'certs');
    assert.equal(cross.severity, vscode.DiagnosticSeverity.Warning);

    // The ReferenceGrant: appended to the Gateway's file as a new document; the finding goes.
    const grant = await applyQuickFix(gw, 'gateway-cross-namespace-ref', /^Add a ReferenceGrant in certs for Secret "edge-tls"$/);
    assert.equal(grant.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(doc.getText(), GATEWAY + GRANT);
    const afterGrant = await waitForDiagnostics(gw, (d) => !d.some((x) => codeOf(x) === 'gateway-cross-namespace-ref'));
    assert.deepEqual(afterGrant.map(codeOf), ['gateway-shim-disabled']);

    // The Gateway API switch: the edit lands in cert-manager's values (another file).
    const shim = await applyQuickFix(gw, 'gateway-shim-disabled', /^Enable the Gateway API in cert-manager's Helm values$/);
    assert.deepEqual(shim.edit!.entries().map(([u]) => vscode.workspace.asRelativePath(u)), ['gateway/cert-manager/values.yaml']);
    assert.equal(valuesDoc.getText(), VALUES + 'config:\n  apiVersion: controller.config.cert-manager.io/v1alpha1\n  kind: ControllerConfiguration\n  enableGatewayAPI: true\n');
    await waitForDiagnostics(gw, (d) => d.length === 0);
    assert.deepEqual(vscode.languages.getDiagnostics(values).map(codeOf), []);
    assert.ok(await doc.save());
    assert.ok(await valuesDoc.save());
  }, 60_000);
});
