// Issue #21 core: certificates in ConfigMaps, webhook/CRD/APIService caBundles, Secret
// certificate keys (Istio), the kubeconfig client certificate; the Service → Deployment →
// Secret resolution, the caBundle check, `certificates --json` records and --kinds.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiServiceSources, bySourceExpiry, certificateRecords, checkBundle, configMapHoldsCertificates, configMapSources, crdHasConversionBundle, crdSources,
  kubeconfigSource, notChecked, parseKinds, secretSources, selects, serviceHost, servingSecretNames, soonestCertificate, webhookSources,
} from '../../src/core/cluster/sources';
import { holdsCertificates, holdsTls, isCertificateKey } from '../../src/core/cluster/secrets';
import { nodeHasher, nodeSignatureVerifier } from '../../src/node/platform';
import { b64, issue, Issued } from '../support/pki';

let root: Issued, other: Issued, old: Issued, serving: Issued, wrongName: Issued, underOld: Issued;
const der = (x: Issued) => Buffer.from(x.cert.rawData).toString('base64');
const cns = (certs: Array<{ subject: { commonName?: string } }>) => certs.map((c) => c.subject.commonName);

before(async () => {
  root = await issue({ cn: 'Root A', ca: true, toDays: 3000 });
  other = await issue({ cn: 'Root B', ca: true, toDays: 100 });
  old = await issue({ cn: 'Old Root', ca: true, fromDays: -500, toDays: -1 });
  serving = await issue({ cn: 'hook.ns.svc', issuer: root, dns: ['hook.ns.svc'], usages: ['server'], toDays: 50 });
  wrongName = await issue({ cn: 'other.ns.svc', issuer: root, dns: ['other.ns.svc'], usages: ['server'] });
  underOld = await issue({ cn: 'hook.ns.svc', issuer: old, dns: ['hook.ns.svc'], usages: ['server'] });
});

test('ConfigMaps: PEM data values (bundles too), DER and PEM binaryData; other values left out; a broken PEM is a problem', () => {
  const cm = {
    metadata: { name: 'trust', namespace: 'ns' },
    data: { 'bundle.pem': root.certPem + other.certPem, 'ca.crt': root.certPem, 'config.yaml': 'a: 1', broken: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' },
    binaryData: { 'root.der': der(root), 'truststore.jks': b64('\xfe\xed\xfe\xed not a certificate') },
  };
  assert.equal(configMapHoldsCertificates(cm), true);
  assert.equal(configMapHoldsCertificates({ metadata: { name: 'coredns' }, data: { Corefile: '.:53 {}' } }), false);
  const found = configMapSources(cm, 'fallback', nodeHasher);
  assert.deepEqual(found.map((s) => [s.kind, s.resource, s.namespace, s.name, s.key, cns(s.certs), s.error === undefined]), [
    ['configmap', 'ConfigMap', 'ns', 'trust', 'bundle.pem', ['Root A', 'Root B'], true],
    ['configmap', 'ConfigMap', 'ns', 'trust', 'ca.crt', ['Root A'], true],
    ['configmap', 'ConfigMap', 'ns', 'trust', 'broken', [], false],
    ['configmap', 'ConfigMap', 'ns', 'trust', 'root.der', ['Root A'], true],
  ]);
  assert.match(found[2].error!, /^broken: cannot decode/);
  assert.equal(configMapSources({ metadata: { name: 'x' }, data: { 'ca.crt': root.certPem } }, 'fallback', nodeHasher)[0].namespace, 'fallback');
});

test('webhook configurations: one source per webhook with a caBundle, keyed by the webhook name, with its Service or URL', () => {
  const cfg = {
    metadata: { name: 'policy' },
    webhooks: [
      { name: 'a.example.com', clientConfig: { caBundle: b64(root.certPem), service: { namespace: 'ns', name: 'hook', port: 8443 } } },
      { name: 'b.example.com', clientConfig: { url: 'https://hooks.example.com/' } },
      { clientConfig: { caBundle: b64(other.certPem), url: 'https://hooks.example.com/x' } },
      { name: 'bad.example.com', clientConfig: { caBundle: '%%%' } },
    ],
  };
  const found = webhookSources(cfg, 'MutatingWebhookConfiguration', nodeHasher);
  assert.deepEqual(found.map((s) => ({ ...s, certs: cns(s.certs) })), [
    { kind: 'webhook', resource: 'MutatingWebhookConfiguration', namespace: '', name: 'policy', key: 'a.example.com', certs: ['Root A'], service: { namespace: 'ns', name: 'hook', port: 8443 } },
    { kind: 'webhook', resource: 'MutatingWebhookConfiguration', namespace: '', name: 'policy', key: 'webhooks[2]', certs: ['Root B'], url: 'https://hooks.example.com/x' },
    { kind: 'webhook', resource: 'MutatingWebhookConfiguration', namespace: '', name: 'policy', key: 'bad.example.com', certs: [], error: found[2].error },
  ]);
  assert.match(found[2].error!, /^bad\.example\.com: the caBundle is not base64/);
  assert.deepEqual(webhookSources({ metadata: { name: 'empty' } }, 'ValidatingWebhookConfiguration', nodeHasher), []);
});

test('CRDs: only a Webhook conversion with a caBundle; APIServices: only with a caBundle', () => {
  const crd = (conversion: unknown) => ({ metadata: { name: 'widgets.example.com' }, spec: { conversion } }) as Parameters<typeof crdSources>[0];
  const withHook = crd({ strategy: 'Webhook', webhook: { clientConfig: { caBundle: b64(root.certPem), service: { namespace: 'ns', name: 'conv' } } } });
  assert.equal(crdHasConversionBundle(withHook), true);
  assert.deepEqual(crdSources(withHook, nodeHasher).map((s) => [s.kind, s.resource, s.name, s.key, s.service, cns(s.certs)]), [['webhook', 'CustomResourceDefinition', 'widgets.example.com', 'spec.conversion.webhook.clientConfig.caBundle', { namespace: 'ns', name: 'conv' }, ['Root A']]]);
  for (const c of [{ strategy: 'None' }, { strategy: 'Webhook', webhook: { clientConfig: { url: 'https://x' } } }, undefined]) assert.deepEqual(crdSources(crd(c), nodeHasher), [], JSON.stringify(c));
  const api = apiServiceSources({ metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { caBundle: b64(other.certPem), service: { namespace: 'kube-system', name: 'metrics-server', port: 443 } } }, nodeHasher);
  assert.deepEqual(api.map((s) => [s.kind, s.resource, s.namespace, s.name, s.key, s.service, cns(s.certs)]), [['apiservice', 'APIService', '', 'v1beta1.metrics.k8s.io', 'spec.caBundle', { namespace: 'kube-system', name: 'metrics-server', port: 443 }, ['Root B']]]);
  assert.deepEqual(apiServiceSources({ metadata: { name: 'v1.apps' }, spec: { service: null } }, nodeHasher), []);
});

test('Secrets: Istio\'s Opaque cacerts and istio-ca-secret are listed; certificate keys are decoded, key files never', () => {
  const cacerts = { metadata: { name: 'cacerts', namespace: 'istio-system' }, type: 'Opaque', data: { 'ca-cert.pem': b64(other.certPem), 'ca-key.pem': b64(other.keyPem), 'root-cert.pem': b64(root.certPem), 'cert-chain.pem': b64(other.certPem + root.certPem) } };
  assert.equal(holdsTls(cacerts), false, '`secrets` keeps listing what it listed');
  assert.equal(holdsCertificates(cacerts), true);
  assert.equal(holdsCertificates({ metadata: { name: 'pw' }, data: { password: 'eA==', 'tls-key.pem': 'eA==' } }), false);
  assert.deepEqual(['tls.crt', 'ca.pem', 'x.cer', 'ca-key.pem', 'tls.key', 'key.pem', 'token'].map(isCertificateKey), [true, true, true, false, false, false, false]);
  assert.deepEqual(secretSources(cacerts, 'x', nodeHasher).map((s) => [s.kind, s.resource, s.namespace, s.name, s.key, cns(s.certs)]), [
    ['secret', 'Secret', 'istio-system', 'cacerts', 'ca-cert.pem', ['Root B']],
    ['secret', 'Secret', 'istio-system', 'cacerts', 'cert-chain.pem', ['Root B', 'Root A']],
    ['secret', 'Secret', 'istio-system', 'cacerts', 'root-cert.pem', ['Root A']],
  ]);
});

test('the kubeconfig client certificate: inline data, a file\'s bytes, or why it could not be read', () => {
  const inline = kubeconfigSource('admin', 'client-certificate-data', { base64: b64(serving.certPem) }, nodeHasher);
  assert.deepEqual([inline.kind, inline.resource, inline.namespace, inline.name, inline.key, cns(inline.certs)], ['kubeconfig', 'kubeconfig', '', 'admin', 'client-certificate-data', ['hook.ns.svc']]);
  assert.deepEqual(cns(kubeconfigSource('admin', 'client-certificate', { bytes: new TextEncoder().encode(serving.certPem) }, nodeHasher).certs), ['hook.ns.svc']);
  const missing = kubeconfigSource('admin', 'client-certificate', { error: 'cannot read /x/admin.crt: ENOENT' }, nodeHasher);
  assert.deepEqual([missing.certs, missing.error], [[], 'client-certificate: cannot read /x/admin.crt: ENOENT']);
});

test('Service → selector → Deployment pod templates → mounted Secrets (secret volumes and projected sources), once each', () => {
  const svc = { metadata: { name: 'hook', namespace: 'ns' }, spec: { selector: { app: 'hook' } } };
  const dep = (name: string, labels: Record<string, string>, volumes: unknown[]) => ({ metadata: { name }, spec: { template: { metadata: { labels }, spec: { volumes } } } }) as Parameters<typeof selects>[1];
  const deps = [
    dep('hook', { app: 'hook', tier: 'x' }, [{ name: 'c', configMap: { name: 'x' } }, { name: 'certs', secret: { secretName: 'hook-tls' } }, { name: 'p', projected: { sources: [{ secret: { name: 'hook-extra' } }, { configMap: { name: 'y' } }] } }]),
    dep('hook-canary', { app: 'hook' }, [{ name: 'certs', secret: { secretName: 'hook-tls' } }]),
    dep('other', { app: 'other' }, [{ name: 'certs', secret: { secretName: 'other-tls' } }]),
  ];
  assert.deepEqual(servingSecretNames(svc, deps), [{ secret: 'hook-tls', workload: 'Deployment hook' }, { secret: 'hook-extra', workload: 'Deployment hook' }]);
  assert.equal(selects({ metadata: { name: 'headless' }, spec: {} }, deps[0]), false, 'a Service without selector selects nothing');
  assert.equal(serviceHost({ namespace: 'ns', name: 'hook' }), 'hook.ns.svc');
});

test('caBundle check: valid; a CA that did not sign; an expired root; the wrong DNS name; tls.crt against ca.crt', async () => {
  const leaf = (x: Issued) => configMapSources({ metadata: { name: 'c' }, data: { k: x.certPem } }, 'ns', nodeHasher)[0].certs;
  const at = new Date();
  const ok = await checkBundle(leaf(root), leaf(serving), 'ns/hook-tls', 'hook.ns.svc', at, nodeSignatureVerifier);
  assert.deepEqual(ok, { valid: true, against: 'ns/hook-tls', host: 'hook.ns.svc', errors: [], text: 'Chain valid: the caBundle validates the serving certificate CN=hook.ns.svc of Secret ns/hook-tls for hook.ns.svc' });
  const wrong = await checkBundle(leaf(other), leaf(serving), 'ns/hook-tls', 'hook.ns.svc', at, nodeSignatureVerifier);
  assert.equal(wrong.valid, false);
  assert.deepEqual(wrong.errors.map((e) => [e.depth, e.code]), [[0, 'unknown-issuer']]);
  assert.equal(wrong.text, 'Chain INVALID: the caBundle does not validate the serving certificate CN=hook.ns.svc of Secret ns/hook-tls for hook.ns.svc: issuer CN=Root A is neither a trusted root nor among the untrusted certificates');
  const expired = await checkBundle(leaf(old), leaf(underOld), 'ns/hook-tls', 'hook.ns.svc', at, nodeSignatureVerifier);
  assert.deepEqual(expired.errors.map((e) => [e.depth, e.code]), [[1, 'expired']]);
  assert.match(expired.text, / \(certificate 2 of the chain\)$/);
  const name = await checkBundle(leaf(root), leaf(wrongName), 'ns/hook-tls', 'hook.ns.svc', at, nodeSignatureVerifier);
  assert.deepEqual(name.errors.map((e) => e.code), ['hostname-mismatch']);
  const own = await checkBundle(leaf(root), leaf(wrongName), 'ns/web-tls', undefined, at, nodeSignatureVerifier, 'ca.crt');
  assert.equal(own.text, 'Chain valid: ca.crt validates tls.crt CN=other.ns.svc of Secret ns/web-tls');
  assert.deepEqual(await checkBundle([], leaf(serving), 'ns/x', 'h', at, nodeSignatureVerifier), notChecked('the caBundle holds no certificate'));
});

test('certificates --json records: one per certificate with context, kind, resource, namespace, name, key, index, count, service, validation and the inspect fields', async () => {
  const [src] = webhookSources({ metadata: { name: 'policy' }, webhooks: [{ name: 'a.example.com', clientConfig: { caBundle: b64(other.certPem + root.certPem), service: { namespace: 'ns', name: 'hook' } } }] }, 'ValidatingWebhookConfiguration', nodeHasher);
  const check = await checkBundle(src.certs, configMapSources({ metadata: { name: 'c' }, data: { k: serving.certPem } }, 'ns', nodeHasher)[0].certs, 'ns/hook-tls', 'hook.ns.svc', new Date(), nodeSignatureVerifier);
  const recs = certificateRecords('prod', src, check);
  assert.equal(recs.length, 2);
  const { notBefore, notAfter, serialNumber, sha1, sha256, publicKey, signatureAlgorithm, ...rest } = recs[1];
  assert.ok(notBefore && notAfter && serialNumber && sha1 && sha256 && publicKey && signatureAlgorithm);
  assert.deepEqual(rest, {
    context: 'prod', kind: 'webhook', resource: 'ValidatingWebhookConfiguration', namespace: '', name: 'policy', key: 'a.example.com', index: 1, count: 2,
    service: 'ns/hook', validation: { valid: true, against: 'ns/hook-tls', host: 'hook.ns.svc', errors: [], text: check.text },
    type: 'certificate', subject: 'CN=Root A', issuer: 'CN=Root A', dnsNames: [], ipAddresses: [], uris: [], emailAddresses: [],
    isCA: true, pathLength: null, keyUsage: recs[1].keyUsage, extendedKeyUsage: [], selfSigned: true,
  });
  assert.equal(soonestCertificate(src)!.subject.commonName, 'Root B');
  const broken = certificateRecords('prod', kubeconfigSource('u', 'client-certificate', { error: 'gone' }, nodeHasher));
  assert.deepEqual(broken, [{ context: 'prod', kind: 'kubeconfig', resource: 'kubeconfig', namespace: '', name: 'u', key: 'client-certificate', error: 'client-certificate: gone' }]);
  const nc = certificateRecords('prod', src, notChecked('no Service is named'))[0].validation;
  assert.deepEqual(nc, { valid: null, errors: [], text: 'Chain not checked: no Service is named' });
});

test('--kinds and the order of sources (soonest expiry first, undecodable last)', () => {
  assert.deepEqual(parseKinds('secret, configmap,webhook,apiservice,kubeconfig,secret'), { ok: true, kinds: ['secret', 'configmap', 'webhook', 'apiservice', 'kubeconfig'] });
  for (const bad of ['secrets', '', 'webhook,crd']) assert.equal(parseKinds(bad).ok, false, bad);
  const a = configMapSources({ metadata: { name: 'a' }, data: { k: root.certPem } }, 'ns', nodeHasher)[0];
  const b = configMapSources({ metadata: { name: 'b' }, data: { k: other.certPem + root.certPem } }, 'ns', nodeHasher)[0];
  const c = configMapSources({ metadata: { name: 'c' }, data: { k: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----' } }, 'ns', nodeHasher)[0];
  assert.deepEqual([c, a, b].sort(bySourceExpiry).map((s) => s.name), ['b', 'a', 'c']);
});
