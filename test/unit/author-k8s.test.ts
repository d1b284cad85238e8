// Kubernetes output of the authoring core: the TLS Secret, the cert-manager manifests, the
// Certificate reproducing a PEM, and the SANs pre-filled from Services and workloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import {
  certificateSpecFromPem, certManagerManifests, createCa, inferProfile, issueCertificate, loadCa, parseGoDuration, prefillFor, readK8sObjects,
  tlsSecretYaml, readCertificates, toObjectName,
} from '../../src/core/author';
import type { ManifestOptions } from '../../src/core/author';
import { decodeBase64, toPem } from '../../src/core/bytes';

type J = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const docs = (text: string): J[] => parseAllDocuments(text).map((d) => { assert.deepEqual(d.errors, []); return d.toJS() as J; });
const b64text = (s: string) => new TextDecoder().decode(decodeBase64(s));

async function leafFiles() {
  const root = await createCa({ commonName: 'Root', keyType: 'ecdsa-p256' });
  const ca = await loadCa(root.files['ca.crt'], toPem('PRIVATE KEY', root.key!.pkcs8));
  const inter = await createCa({ commonName: 'Inter', keyType: 'ecdsa-p256', parent: ca });
  const ica = await loadCa(inter.files['ca.crt'], toPem('PRIVATE KEY', inter.key!.pkcs8));
  const leaf = await issueCertificate({ ca: ica, commonName: 'Payment Service', san: { dns: ['payment.prod.svc'] }, keyType: 'ecdsa-p256' });
  return { leaf, root };
}

test('Secret: kubernetes.io/tls with tls.crt (chain), tls.key (PKCS#8), ca.crt; name from the CN', async () => {
  const { leaf } = await leafFiles();
  const r = await tlsSecretYaml({ certText: leaf.files['tls.crt'], keyText: toPem('PRIVATE KEY', leaf.key!.pkcs8), caText: leaf.files['ca.crt'], namespace: 'prod' });
  const [s] = docs(r.yaml);
  assert.equal(s.apiVersion, 'v1');
  assert.equal(s.kind, 'Secret');
  assert.equal(s.type, 'kubernetes.io/tls');
  assert.deepEqual(s.metadata, { name: 'payment-service-tls', namespace: 'prod' });
  assert.deepEqual(Object.keys(s.data), ['tls.crt', 'tls.key', 'ca.crt']);
  assert.deepEqual(readCertificates(b64text(s.data['tls.crt'])).map((c) => c.subject.rfc4514), ['CN=Payment Service', 'CN=Inter']);
  assert.match(b64text(s.data['tls.key']), /^-----BEGIN PRIVATE KEY-----/);
  assert.equal(readCertificates(b64text(s.data['ca.crt']))[0].subject.rfc4514, 'CN=Root');
  assert.match(r.yaml, /^# .*do not commit it to git/m);
});

test('Secret: refuses a key of another certificate, a bad name, and missing ca.crt', async () => {
  const { leaf, root } = await leafFiles();
  await assert.rejects(tlsSecretYaml({ certText: leaf.files['tls.crt'], keyText: toPem('PRIVATE KEY', root.key!.pkcs8), caText: leaf.files['ca.crt'] }), /does not match/);
  await assert.rejects(tlsSecretYaml({ certText: leaf.files['tls.crt'], keyText: toPem('PRIVATE KEY', leaf.key!.pkcs8), caText: leaf.files['ca.crt'], name: 'Bad_Name' }), /not a valid Kubernetes name/);
  await assert.rejects(tlsSecretYaml({ certText: leaf.files['tls.crt'], keyText: toPem('PRIVATE KEY', leaf.key!.pkcs8) }), /give the CA certificate/);
});

test('Secret: names YAML 1.1 would read as booleans stay strings', async () => {
  const { leaf } = await leafFiles();
  const r = await tlsSecretYaml({ certText: leaf.files['tls.crt'], keyText: toPem('PRIVATE KEY', leaf.key!.pkcs8), caText: leaf.files['ca.crt'], name: 'y', namespace: 'on' });
  assert.match(r.yaml, /name: "y"/);
  assert.match(r.yaml, /namespace: "on"/);
});

const base: ManifestOptions = {
  services: [{ name: 'payment', namespace: 'prod', profile: 'server' }, { name: 'orders', namespace: 'shop', profile: 'mtls', serviceAccount: 'orders-sa' }],
};

test('cert-manager manifests: the seed layout, all four DNS forms, ECDSA, usages per profile, sane durations', () => {
  const d = docs(certManagerManifests({ ...base, trustBundle: true, spiffeTrustDomain: 'cluster.local' }));
  assert.deepEqual(d.map((x) => `${x.kind}/${x.metadata.name}`), [
    'ClusterIssuer/mtls-ca-selfsigned', 'Certificate/mtls-ca', 'ClusterIssuer/mtls-ca-issuer', 'Certificate/payment-tls', 'Certificate/orders-tls', 'Bundle/mtls-ca-bundle',
  ]);
  assert.deepEqual(d[0].spec, { selfSigned: {} });
  const ca = d[1];
  assert.equal(ca.metadata.namespace, 'cert-manager');
  assert.equal(ca.spec.isCA, true);
  assert.ok(ca.spec.usages.includes('cert sign'));
  // The CA keeps its key at renewal, so ca.crt and the trust bundle stay valid (ca-rotation-no-overlap).
  assert.equal(ca.spec.privateKey.rotationPolicy, 'Never');
  assert.deepEqual(ca.spec.issuerRef, { name: 'mtls-ca-selfsigned', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  assert.deepEqual(d[2].spec, { ca: { secretName: 'mtls-ca-secret' } });
  const pay = d[3].spec;
  assert.deepEqual(pay.dnsNames, ['payment', 'payment.prod', 'payment.prod.svc', 'payment.prod.svc.cluster.local']);
  assert.deepEqual(pay.usages, ['digital signature', 'server auth']);
  assert.deepEqual(pay.privateKey, { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });
  assert.deepEqual(pay.uris, ['spiffe://cluster.local/ns/prod/sa/default']);
  assert.equal(d[3].metadata.namespace, 'prod');
  assert.equal(pay.secretName, 'payment-tls');
  assert.deepEqual(pay.issuerRef, { name: 'mtls-ca-issuer', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  const ord = d[4].spec;
  assert.deepEqual(ord.usages, ['digital signature', 'server auth', 'client auth']);
  assert.deepEqual(ord.uris, ['spiffe://cluster.local/ns/shop/sa/orders-sa']);
  for (const c of [ca.spec, pay, ord]) {
    assert.ok(!c.usages.includes('key encipherment'), 'no key encipherment for ECDSA');
    const dur = parseGoDuration(c.duration)!;
    const rb = parseGoDuration(c.renewBefore)!;
    assert.ok(dur >= 3.6e6 && rb >= 3e5 && rb < dur);
  }
  assert.deepEqual(d[5].spec, { sources: [{ secret: { name: 'mtls-ca-secret', key: 'ca.crt' } }], target: { configMap: { key: 'ca.crt' } } });
});

test('cert-manager manifests: the Deployment volume snippet is there, as comments', () => {
  const text = certManagerManifests(base);
  assert.match(text, /# prod\/payment serves \(server auth\)\. Mount its Secret/);
  assert.match(text, /#         secretName: payment-tls/);
  assert.match(text, /#       mountPath: \/etc\/tls/);
});

const manifestErrors: Array<[string, Partial<ManifestOptions>, RegExp]> = [
  ['no services', { services: [] }, /at least one Service/],
  ['duration without unit', { duration: '90' }, /not a Go duration/],
  ['days unit', { duration: '90d' }, /not a Go duration/],
  ['duration under 1h', { duration: '30m', renewBefore: '10m' }, /at least 1h/],
  ['renewBefore under 5m', { renewBefore: '1m' }, /at least 5m/],
  ['renewBefore not below duration', { duration: '24h', renewBefore: '24h' }, /shorter than/],
  ['Issuer across namespaces', { issuerKind: 'Issuer' }, /one namespace/],
  ['bad service name', { services: [{ name: 'Payment', namespace: 'prod' }] }, /not a valid Kubernetes name/],
  ['bad trust domain', { spiffeTrustDomain: 'Cluster.Local' }, /trust domain/],
];
for (const [what, o, re] of manifestErrors) test(`cert-manager manifests refuse: ${what}`, () => assert.throws(() => certManagerManifests({ ...base, ...o }), re));

test('cert-manager manifests with an Issuer: CA, Issuer and Certificates share the namespace', () => {
  const d = docs(certManagerManifests({ services: [{ name: 'a', namespace: 'team' }, { name: 'b', namespace: 'team' }], issuerKind: 'Issuer', caName: 'team-ca' }));
  assert.equal(d[1].metadata.namespace, 'team');
  assert.deepEqual(d[2].metadata, { name: 'team-ca-issuer', namespace: 'team' });
  assert.equal(d[2].kind, 'Issuer');
  assert.equal(d[3].spec.issuerRef.kind, 'Issuer');
});

const goDurations: Array<[string, number | undefined]> = [['1h', 3.6e6], ['1h30m', 5.4e6], ['90m', 5.4e6], ['2160h', 7.776e9], ['1.5h', 5.4e6], ['90d', undefined], ['90', undefined], ['', undefined], ['h', undefined], ['5m0s', 3e5]];
for (const [s, ms] of goDurations) test(`Go duration ${JSON.stringify(s)} = ${ms}`, () => assert.equal(parseGoDuration(s), ms));

test('PEM to Certificate: names, SANs, duration, key, usages, signature algorithm, issuerRef, notes', async () => {
  const { leaf, root } = await leafFiles();
  const [c] = docs(certificateSpecFromPem(leaf.files['tls.crt'], { namespace: 'prod' }));
  assert.equal(c.kind, 'Certificate');
  assert.deepEqual(c.metadata, { name: 'payment-service', namespace: 'prod' });
  assert.equal(c.spec.commonName, 'Payment Service');
  assert.deepEqual(c.spec.dnsNames, ['payment.prod.svc']);
  assert.equal(c.spec.duration, '24h5m', 'the backdated 5 minutes are part of the lifetime');
  assert.deepEqual(c.spec.privateKey, { rotationPolicy: 'Always', algorithm: 'ECDSA', size: 256 });
  assert.equal(c.spec.signatureAlgorithm, undefined, 'the issuer\'s signature says nothing about this key');
  assert.deepEqual(c.spec.usages, ['digital signature', 'server auth', 'client auth']);
  assert.deepEqual(c.spec.issuerRef, { name: 'inter', kind: 'Issuer', group: 'cert-manager.io' });
  const [r] = docs(certificateSpecFromPem(root.files['ca.crt']));
  assert.equal(r.spec.isCA, true);
  assert.equal(r.spec.issuerRef.kind, 'ClusterIssuer');
  assert.equal(r.spec.signatureAlgorithm, 'ECDSAWithSHA256', 'self-signed: its own key made the signature');
  const text = certificateSpecFromPem(root.files['ca.crt']);
  assert.match(text, /# Not reproducible: the serial number/);
  assert.throws(() => certificateSpecFromPem('no pem'), /no certificate/);
});

const WORKSPACE = `apiVersion: v1
kind: Service
metadata:
  name: payment
  namespace: prod
spec:
  selector:
    app: payment
  ports: [{ port: 8443 }]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payment
  namespace: prod
spec:
  selector: { matchLabels: { app: payment } }
  template:
    metadata:
      labels: { app: payment, tier: backend }
    spec:
      serviceAccountName: payment-sa
      containers:
        - name: payment
          image: payment:1
          env:
            - name: LEDGER_URL
              value: https://ledger.prod.svc:8443/api
---
apiVersion: v1
kind: Service
metadata:
  name: ledger
  namespace: prod
spec:
  selector: { app: ledger }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ledger, namespace: prod }
spec:
  template:
    metadata: { labels: { app: ledger } }
    spec:
      containers: [{ name: ledger, image: ledger:1, args: ["--listen=:8443"] }]
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: web, namespace: edge }
spec:
  secretName: web-tls
  commonName: web.example.com
  dnsNames: [web.example.com, www.example.com]
  ipAddresses: [10.1.2.3]
  issuerRef: { name: ca }
`;

test('workloads: Services, Deployments and Certificates are read with their positions', () => {
  const objs = readK8sObjects('k8s/app.yaml', WORKSPACE);
  assert.deepEqual(objs.map((o) => `${o.kind}:${o.namespace}/${o.name}@${o.line}`), [
    'Service:prod/payment@0', 'Deployment:prod/payment@10', 'Service:prod/ledger@29', 'Deployment:prod/ledger@37', 'Certificate:edge/web@46',
  ]);
  assert.equal(objs[1].serviceAccount, 'payment-sa');
  assert.deepEqual(readK8sObjects('bad.yaml', 'kind: [unclosed'), []);
});

test('prefill: a Service gives its four DNS forms and the SPIFFE ID of its pods\' service account', () => {
  const objs = readK8sObjects('k8s/app.yaml', WORKSPACE);
  const p = prefillFor(objs[0], objs, { trustDomain: 'cluster.local' });
  assert.deepEqual(p.dns, ['payment', 'payment.prod', 'payment.prod.svc', 'payment.prod.svc.cluster.local']);
  assert.deepEqual(p.uris, ['spiffe://cluster.local/ns/prod/sa/payment-sa']);
  assert.equal(p.commonName, 'payment');
  assert.deepEqual(prefillFor(objs[0], objs).uris, [], 'no SPIFFE ID unless asked');
  const d = prefillFor(objs[1], objs, { trustDomain: 'example.org' });
  assert.deepEqual(d.dns, ['payment', 'payment.prod', 'payment.prod.svc', 'payment.prod.svc.cluster.local'], 'a Deployment: the Service selecting it');
  assert.deepEqual(d.uris, ['spiffe://example.org/ns/prod/sa/payment-sa']);
  const c = prefillFor(objs[4], objs);
  assert.deepEqual([c.commonName, c.dns, c.ips], ['web.example.com', ['web.example.com', 'www.example.com'], ['10.1.2.3']]);
});

test('usages inferred from how the workload is used: a caller of another Service needs client auth too', () => {
  const objs = readK8sObjects('k8s/app.yaml', WORKSPACE);
  assert.equal(inferProfile(objs[0], objs), 'mtls', 'payment calls ledger.prod.svc');
  assert.equal(inferProfile(objs[2], objs), 'server', 'ledger only serves');
});

test('object names made from free text', () => {
  assert.equal(toObjectName('Payment Service'), 'payment-service');
  assert.equal(toObjectName('*.example.com'), 'wildcard.example.com');
  assert.equal(toObjectName('!!!'), 'certificate');
});

test('prefill never throws (the code actions compute it on each cursor move): a service account no cluster accepts gets no SPIFFE ID, and says why', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\n  namespace: shop\nspec:\n  template:\n    spec:\n      serviceAccountName: "sp[ire-server"\n      containers: [{name: c, image: x}]\n';
  const objs = readK8sObjects('k8s/w.yaml', text);
  assert.equal(objs.length, 1);
  const p = prefillFor(objs[0], objs, { trustDomain: 'example.org' });
  assert.deepEqual(p.uris, []);
  assert.match(p.spiffeProblem ?? '', /service account name "sp\[ire-server" is not a valid Kubernetes name/);
  assert.deepEqual(p.dns, ['w', 'w.shop', 'w.shop.svc', 'w.shop.svc.cluster.local']);
});
