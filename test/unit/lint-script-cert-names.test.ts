// A certificate that openssl makes in a script and `kubectl create secret tls NAME --cert=FILE`
// loads is named by what it is in every rule message, related place and hover that names the
// certificate (issue 14): `the certificate openssl req makes for Secret "orders-tls"
// (scripts/orders.sh line 2)`, never `Certificate "orders-tls"` (there is no such object).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts, Workspace } from '../../src/core/lint/index';
import { hoverAt } from '../../src/core/lint/features';
import { ALL_ORDERS, SERVED, selfSigned } from './lint-pki-cases';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { LspClient, uri } from '../support/lsp-client';
import { ROOT } from './helpers';

const script = selfSigned(`-addext "subjectAltName=${ALL_ORDERS}" -addext "extendedKeyUsage=serverAuth"`);
const NAME = 'the certificate openssl req makes for Secret "orders-tls" (scripts/orders.sh line 2)';
const RELATED = 'the certificate openssl req makes for Secret "orders-tls" in namespace prod (scripts/orders.sh line 2)';

const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: prod
spec:
  ingressClassName: nginx
  tls:
    - hosts:
        - shop.example.com
      secretName: orders-tls
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: orders
                port:
                  number: 8443
`;
const istioGateway = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: shop
  namespace: prod
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 443
        name: https
        protocol: HTTPS
      tls:
        mode: SIMPLE
        credentialName: orders-tls
      hosts:
        - gw.example.com
`;
const destinationRule = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: orders
  namespace: prod
spec:
  host: orders.prod.svc.cluster.local
  trafficPolicy:
    tls:
      mode: SIMPLE
      caCertificates: /etc/certs/ca.pem
      subjectAltNames:
        - api.example.com
`;
const backendPolicy = `apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata:
  name: orders
  namespace: prod
spec:
  targetRefs:
    - group: ""
      kind: Service
      name: orders
  validation:
    caCertificateRefs:
      - group: ""
        kind: ConfigMap
        name: orders-ca
    hostname: backend.internal.example
`;

const files = [script, { path: 'k8s/orders.yaml', text: SERVED }, { path: 'k8s/ingress.yaml', text: ingress }, { path: 'istio/gateway.yaml', text: istioGateway }, { path: 'istio/dr.yaml', text: destinationRule }, { path: 'gw/btls.yaml', text: backendPolicy }];
const textOf = (f: { file: string; start: number; end: number }) => files.find((x) => x.path === f.file)!.text.slice(f.start, f.end);

// Each rule whose message names the certificate: where it fires, and the exact wording.
const CASES: Array<[code: string, at: string, message: string]> = [
  ['ingress-tls-host-not-covered', 'shop.example.com', `Host "shop.example.com" is not covered by ${NAME}, which writes Secret "orders-tls": browsers and clients fail with "certificate is valid for orders, orders.prod, orders.prod.svc, orders.prod.svc.cluster.local, not shop.example.com". Add it to the subjectAltName the script gives it.`],
  ['istio-gateway-host-not-covered', 'gw.example.com', `Host "gw.example.com" is not covered by ${NAME}, which writes credentialName "orders-tls": clients of gw.example.com fail with "certificate is valid for orders, orders.prod, orders.prod.svc, orders.prod.svc.cluster.local". Add it to the subjectAltName the script gives it.`],
  ['destinationrule-san-mismatch', 'api.example.com', `subjectAltNames "api.example.com" is not a name of ${NAME}, which the pods behind Service "orders" serve: the handshake fails ("SAN mismatch"). Use one of orders, orders.prod, orders.prod.svc, orders.prod.svc.cluster.local.`],
  ['backendtls-hostname-mismatch', 'backend.internal.example', `validation.hostname "backend.internal.example" is not a name of ${NAME}, which the pods behind Service "orders" serve: the gateway's handshake with the backend fails. Use one of orders, orders.prod, orders.prod.svc, orders.prod.svc.cluster.local, or add it to the subjectAltName the script gives it.`],
];

const findings = lintTexts(files);

for (const [code, at, message] of CASES) {
  test(`${code}: an openssl-made certificate is named by the script line that makes it, and its related place too`, () => {
    const f = findings.filter((x) => x.code === code);
    assert.deepEqual(f.map((x) => [textOf(x), x.message]), [[at, message]]);
    assert.ok(f[0].related?.length, 'a related place');
    for (const r of f[0].related!.filter((x) => x.file === 'scripts/orders.sh')) {
      assert.ok(r.message.startsWith(RELATED), r.message);
      // The place is the kubectl line naming the Secret; the label names the openssl line making it.
      assert.equal(r.line + 1, 3);
    }
    assert.ok(f[0].related!.some((x) => x.file === 'scripts/orders.sh'), 'the script is a related place');
  });
}

test('no message or related place calls an openssl-made certificate a Certificate object', () => {
  for (const f of findings) {
    assert.doesNotMatch(f.message, /Certificate "orders-tls"/, f.code);
    for (const r of f.related ?? []) assert.doesNotMatch(r.message, /Certificate "orders-tls"/, f.code);
  }
});

test('hover on such a finding lists the script by what it makes, with its place', () => {
  const ws = new Workspace(files);
  const file = ws.files.get('k8s/ingress.yaml')!;
  const f = findings.find((x) => x.code === 'ingress-tls-host-not-covered')!;
  const hover = hoverAt(ws, file, f.start + 1, findings)!;
  assert.ok(hover.includes(`- ${RELATED}: writes Secret "orders-tls": \`scripts/orders.sh:3\``), hover);
});

test('a cert-manager Certificate is still named Certificate "NAME" (path)', () => {
  const cm = `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: shop
  namespace: prod
spec:
  secretName: shop-tls
  dnsNames:
    - www.example.com
  issuerRef:
    name: ca
    kind: ClusterIssuer
`;
  const f = lintTexts([{ path: 'k8s/cert.yaml', text: cm }, { path: 'k8s/ingress.yaml', text: ingress.replace('orders-tls', 'shop-tls') }]).filter((x) => x.code === 'ingress-tls-host-not-covered');
  assert.deepEqual(f.map((x) => x.message), [`Host "shop.example.com" is not covered by Certificate "shop" (k8s/cert.yaml), which writes Secret "shop-tls": browsers and clients fail with "certificate is valid for www.example.com, not shop.example.com". Add it to the Certificate's dnsNames.`]);
  assert.equal(f[0].related?.[0].message, 'Certificate "shop" in namespace prod: writes Secret "shop-tls"');
});

test('language server: messages, related places and hovers name the script by its workspace-relative path, never the absolute one', async () => {
  // The server's file keys are absolute paths; what the user reads is relative, as in the CLI.
  const root = mkdtempSync(join(tmpdir(), 'certwright-lsp-names-'));
  const c = new LspClient({ root, repo: ROOT, configuration: {} });
  try {
    for (const f of files) { mkdirSync(dirname(join(root, f.path)), { recursive: true }); writeFileSync(join(root, f.path), f.text); }
    await c.initialize();
    const ingressUri = uri(join(root, 'k8s/ingress.yaml'));
    const d = await c.until(() => c.diagnostics.get(ingressUri)?.find((x) => x.code === 'ingress-tls-host-not-covered'), 'the Ingress finding');
    assert.equal(d.message, CASES[0][2]);
    assert.ok(!d.message.includes(root), d.message);
    const related = (d.relatedInformation ?? []).map((r) => r.message);
    assert.ok(related.length > 0 && related.every((m) => !m.includes(root)), related.join('\n'));
    assert.ok(related.some((m) => m.includes('scripts/orders.sh line 2')), related.join('\n'));
    await c.open(join(root, 'k8s/ingress.yaml'), ingress);
    const hover = await c.conn.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: ingressUri }, position: d.range.start });
    assert.ok(hover && hover.contents.value.includes('scripts/orders.sh line 2') && !hover.contents.value.includes(root), hover?.contents.value);
  } finally {
    assert.equal(await c.shutdown(), 0);
    rmSync(root, { recursive: true, force: true });
  }
});
