// The cluster core: durations, Secret decoding and records, expiry order and filters,
// cert-manager Ready state, workspace manifests and drift, the decoded document.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { durationText, parseDuration } from '../../src/core/cluster/duration';
import { byExpiry, decodeSecret, expiresWithin, holdsTls, KubeSecret, matchesFilter, secretRecord, summarizeSecret } from '../../src/core/cluster/secrets';
import { certificateDrift, CmCertificate, findCertificateManifests, matchingManifest, readyState } from '../../src/core/cluster/certmanager';
import { secretDocumentText } from '../../src/core/cluster/document';
import { nodeHasher } from '../../src/node/platform';
import { b64, issue, Issued } from '../support/pki';

const DAY = 86_400_000;
let ca: Issued, web: Issued, old: Issued, rsa: Issued, other: Issued;

before(async () => {
  ca = await issue({ cn: 'Unit CA', ca: true });
  web = await issue({ cn: 'web', issuer: ca, dns: ['web.ns.svc', 'web'], ips: ['10.0.0.1'], fromDays: 0, toDays: 90 });
  old = await issue({ cn: 'old', issuer: ca, dns: ['old'], fromDays: -40, toDays: -2 });
  rsa = await issue({ cn: 'rsa', issuer: ca, rsa: true, dns: ['rsa'] });
  other = await issue({ cn: 'other', issuer: ca });
});

const secret = (name: string, data: Record<string, string>, type = 'kubernetes.io/tls', annotations?: Record<string, string>): KubeSecret => ({ metadata: { name, namespace: 'ns', annotations }, type, data });

test('durations: Go durations and days', () => {
  assert.deepEqual(parseDuration('30d'), { ok: true, ms: 30 * DAY });
  assert.deepEqual(parseDuration('720h'), { ok: true, ms: 30 * DAY });
  assert.deepEqual(parseDuration('1h30m'), { ok: true, ms: 90 * 60_000 });
  assert.deepEqual(parseDuration('2160h0m0s'), { ok: true, ms: 90 * DAY });
  assert.deepEqual(parseDuration('2w'), { ok: true, ms: 14 * DAY });
  assert.deepEqual(parseDuration('1.5h'), { ok: true, ms: 90 * 60_000 });
  for (const bad of ['', '30', 'd', '30 days', '-1h', 'h1', '30dd']) assert.equal(parseDuration(bad).ok, false, bad);
  assert.equal(durationText(30 * DAY), '30 days');
  assert.equal(durationText(36 * 3_600_000), '36 hours');
});

test('which Secrets hold TLS material', () => {
  assert.ok(holdsTls(secret('a', {})));
  assert.ok(holdsTls(secret('b', { 'ca.crt': 'x' }, 'Opaque')));
  assert.ok(!holdsTls(secret('c', { password: 'x' }, 'Opaque')));
});

test('a Secret decodes to its chain and ca.crt; the key is described, checked against tls.crt, never kept', async () => {
  const d = await decodeSecret(secret('web-tls', { 'tls.crt': b64(web.certPem + ca.certPem), 'tls.key': b64(web.keyPem), 'ca.crt': b64(ca.certPem) }), 'ns', nodeHasher);
  assert.deepEqual(d.chain.map((c) => c.subject.commonName), ['web', 'Unit CA']);
  assert.deepEqual(d.ca.map((c) => c.subject.commonName), ['Unit CA']);
  assert.deepEqual(d.key, { text: 'ECDSA P-256 private key, matches tls.crt', matches: true });
  assert.deepEqual(d.errors, []);
  assert.ok(!JSON.stringify(d).includes('PRIVATE'));
  const r = await decodeSecret(secret('rsa', { 'tls.crt': b64(rsa.certPem), 'tls.key': b64(rsa.keyPem) }), 'ns', nodeHasher);
  assert.equal(r.key?.text, 'RSA 2048 private key, matches tls.crt');
  const mismatch = await decodeSecret(secret('mix', { 'tls.crt': b64(web.certPem), 'tls.key': b64(other.keyPem) }), 'ns', nodeHasher);
  assert.deepEqual(mismatch.key, { text: 'ECDSA P-256 private key, DOES NOT match tls.crt', matches: false });
  const broken = await decodeSecret(secret('bad', { 'tls.crt': b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n') }), 'ns', nodeHasher);
  assert.equal(broken.chain.length, 0);
  assert.match(broken.errors[0], /^tls\.crt: cannot decode/);
});

test('summaries sort soonest expiry first, filter by text and by expiry window', () => {
  const now = new Date();
  const list = [
    summarizeSecret(secret('web-tls', { 'tls.crt': b64(web.certPem) }), 'ns', nodeHasher),
    summarizeSecret(secret('nothing', { 'tls.crt': b64('garbage') }), 'ns', nodeHasher),
    summarizeSecret(secret('old-tls', { 'tls.crt': b64(old.certPem) }), 'ns', nodeHasher),
    summarizeSecret(secret('bundle', { 'ca.crt': b64(ca.certPem) }, 'Opaque'), 'ns', nodeHasher),
  ];
  list.sort(byExpiry((s) => s.leaf?.notAfter));
  assert.deepEqual(list.map((s) => s.name), ['old-tls', 'web-tls', 'bundle', 'nothing']);
  assert.deepEqual(list.filter((s) => expiresWithin(s, now, 30 * DAY)).map((s) => s.name), ['old-tls']);
  assert.deepEqual(list.filter((s) => expiresWithin(s, now, 100 * DAY)).map((s) => s.name), ['old-tls', 'web-tls']);
  assert.deepEqual(list.filter((s) => matchesFilter(s, 'WEB.ns')).map((s) => s.name), ['web-tls']);
  assert.deepEqual(list.filter((s) => matchesFilter(s, '10.0.0.1')).map((s) => s.name), ['web-tls']);
  assert.equal(list.filter((s) => matchesFilter(s, '')).length, 4);
  assert.ok(list[3].error);
});

test('secret records: context, namespace, name, secretType and the inspect --json fields of the leaf', () => {
  const s = summarizeSecret(secret('web-tls', { 'tls.crt': b64(web.certPem), 'tls.key': b64(web.keyPem) }), 'ns', nodeHasher);
  const r = secretRecord('prod', s);
  assert.equal(r.context, 'prod');
  assert.equal(r.namespace, 'ns');
  assert.equal(r.secretType, 'kubernetes.io/tls');
  assert.equal(r.type, 'certificate');
  assert.equal(r.subject, 'CN=web');
  assert.deepEqual(r.dnsNames, ['web.ns.svc', 'web']);
  assert.ok(!('file' in r) && !('line' in r));
  const bad = secretRecord('prod', summarizeSecret(secret('x', { 'tls.crt': b64('nope') }), 'ns', nodeHasher));
  assert.match(bad.error!, /tls\.crt/);
  assert.equal(bad.subject, undefined);
});

test('cert-manager Ready condition in words', () => {
  const c = (status?: CmCertificate['status']): CmCertificate => ({ metadata: { name: 'x' }, status });
  assert.deepEqual(readyState(c({ conditions: [{ type: 'Ready', status: 'True' }] })), { ready: true, text: 'Ready' });
  assert.deepEqual(readyState(c({ conditions: [{ type: 'Ready', status: 'False', reason: 'Issuing', message: 'Secret does not exist' }] })), { ready: false, text: 'Not ready: Issuing (Secret does not exist)' });
  assert.equal(readyState(c()).ready, undefined);
});

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: ns}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: ns
spec:
  secretName: web-tls
  dnsNames: [web.ns.svc, web]
  ipAddresses: [10.0.0.1]
  duration: 2160h
  usages: [server auth, digital signature, key encipherment]
  issuerRef: {name: ca, kind: ClusterIssuer}
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: web
  namespace: other
spec:
  secretName: web-tls
`;

test('workspace manifests: cert-manager Certificates found by name and namespace', () => {
  const found = findCertificateManifests(MANIFESTS, 'k8s/certs.yaml');
  assert.deepEqual(found.map((m) => [m.name, m.namespace, m.line]), [['web', 'ns', 4], ['web', 'other', 17]]);
  assert.equal(matchingManifest({ metadata: { name: 'web', namespace: 'ns' } }, found)?.line, 4);
  assert.equal(matchingManifest({ metadata: { name: 'web', namespace: 'x' } }, found), undefined);
  assert.deepEqual(findCertificateManifests('kind: ConfigMap\n', 'a.yaml'), []);
  assert.deepEqual(findCertificateManifests('kind: Certificate\n: : [', 'bad.yaml'), []);
});

test('drift: spec against the issued certificate and against the workspace manifest', () => {
  const issued = summarizeSecret(secret('web-tls', { 'tls.crt': b64(web.certPem) }), 'ns', nodeHasher).leaf!;
  const manifest = findCertificateManifests(MANIFESTS, 'k8s/certs.yaml')[0];
  const live: CmCertificate = { metadata: { name: 'web', namespace: 'ns' }, spec: { ...manifest.spec } };
  assert.deepEqual(certificateDrift(live, issued, { 'cert-manager.io/issuer-name': 'ca', 'cert-manager.io/issuer-kind': 'ClusterIssuer' }, manifest), []);
  const changed: CmCertificate = { metadata: live.metadata, spec: { ...manifest.spec, dnsNames: ['web.ns.svc', 'web', 'web.example.com'], duration: '720h', usages: ['server auth', 'client auth', 'digital signature', 'key encipherment'], issuerRef: { name: 'new-ca', kind: 'ClusterIssuer' } } };
  const drift = certificateDrift(changed, issued, { 'cert-manager.io/issuer-name': 'ca', 'cert-manager.io/issuer-kind': 'ClusterIssuer' }, manifest);
  const fields = drift.map((d) => `${d.against}:${d.field}`).sort();
  assert.deepEqual(fields, ['issued:dnsNames', 'issued:duration', 'issued:issuerRef', 'issued:usages', 'manifest:dnsNames', 'manifest:duration', 'manifest:issuerRef', 'manifest:usages']);
  const dns = drift.find((d) => d.against === 'issued' && d.field === 'dnsNames')!;
  assert.equal(dns.text, 'DNS names: spec has web, web.example.com, web.ns.svc, issued certificate has web, web.ns.svc');
  assert.match(drift.find((d) => d.against === 'manifest' && d.field === 'duration')!.text, /spec has 720h, workspace manifest has 2160h/);
  // Default usages and duration when the spec leaves them out.
  assert.deepEqual(certificateDrift({ metadata: { name: 'o' }, spec: { dnsNames: ['rsa'] } }, summarizeSecret(secret('r', { 'tls.crt': b64(rsa.certPem) }), 'ns', nodeHasher).leaf!).map((d) => d.field), ['usages', 'duration']);
});

test('the decoded document shows cards for tls.crt and ca.crt, the key line, Ready and drift, never key bytes', async () => {
  const d = await decodeSecret(secret('web-tls', { 'tls.crt': b64(web.certPem), 'tls.key': b64(web.keyPem), 'ca.crt': b64(ca.certPem) }), 'ns', nodeHasher);
  const cert: CmCertificate = { metadata: { name: 'web' }, status: { conditions: [{ type: 'Ready', status: 'True' }], notAfter: '2030-01-01T00:00:00Z', renewalTime: '2029-12-01T00:00:00Z' } };
  const text = secretDocumentText({ context: 'prod', secret: d, certificate: cert, drift: [], now: new Date(), warningDays: 30 });
  for (const want of ['Secret ns/web-tls', 'Context:              prod', 'tls.key:              ECDSA P-256 private key, matches tls.crt', 'Status:               Ready', 'Renewal time:         2029-12-01T00:00:00Z', 'Drift:                none', 'tls.crt, certificate 1 of 1 (leaf)', 'ca.crt, certificate 1 of 1', 'DNS:web.ns.svc']) {
    assert.ok(text.includes(want), `missing ${want}:\n${text}`);
  }
  const keyLine = web.keyPem.split('\n')[1];
  assert.ok(!text.includes(keyLine) && !text.includes('PRIVATE KEY-----'));
});
