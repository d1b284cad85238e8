// Generated YAML passes our own linter (src/core/lint): cert-manager manifests, TLS Secrets and
// PEM-to-Certificate output, for every key type and option combination.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts } from '../../src/core/lint/index';
import { certificateSpecFromPem, certManagerManifests, createCa, issueCertificate, loadCa, tlsSecretYaml } from '../../src/core/author';
import type { KeyType, ManifestOptions } from '../../src/core/author';
import { toPem } from '../../src/core/bytes';

const show = (f: Array<{ code: string; message: string; severity: string }>) => f.map((x) => `${x.severity} ${x.code}: ${x.message}`).join('\n');

const manifestCases: Array<[string, ManifestOptions]> = [
  ['two namespaces, ClusterIssuer, trust bundle, SPIFFE', { services: [{ name: 'payment', namespace: 'prod', profile: 'mtls', serviceAccount: 'pay' }, { name: 'ledger', namespace: 'data' }], trustBundle: true, spiffeTrustDomain: 'cluster.local' }],
  ['one namespace, Issuer, client profile, P-384', { services: [{ name: 'worker', namespace: 'jobs', profile: 'client' }], issuerKind: 'Issuer', caName: 'jobs-ca', ecdsaSize: 384 }],
  ['custom durations', { services: [{ name: 'api', namespace: 'default' }], duration: '2160h', renewBefore: '360h', caDuration: '43800h', caRenewBefore: '2160h' }],
];
for (const [what, o] of manifestCases) {
  test(`cert-manager manifests lint clean: ${what}`, () => {
    const findings = lintTexts([{ path: 'k8s/mtls.yaml', text: certManagerManifests(o) }]);
    assert.deepEqual(findings, [], show(findings));
  });
}

for (const keyType of ['ecdsa-p256', 'rsa-2048', 'ed25519'] as KeyType[]) {
  test(`Secret and PEM-to-Certificate (${keyType}) lint clean`, async () => {
    const root = await createCa({ commonName: 'Lint Root', keyType });
    const ca = await loadCa(root.files['ca.crt'], toPem('PRIVATE KEY', root.key!.pkcs8));
    const leaf = await issueCertificate({ ca, commonName: 'svc', san: { dns: ['svc', 'svc.prod.svc'], uris: ['spiffe://cluster.local/ns/prod/sa/svc'] }, keyType });
    const secret = await tlsSecretYaml({ certText: leaf.files['tls.crt'], keyText: toPem('PRIVATE KEY', leaf.key!.pkcs8), caText: leaf.files['ca.crt'], namespace: 'prod' });
    const fromLeaf = certificateSpecFromPem(leaf.files['tls.crt'], { namespace: 'prod' });
    const fromRoot = certificateSpecFromPem(root.files['ca.crt'], { namespace: 'cert-manager' });
    const findings = lintTexts([{ path: 'secret.yaml', text: secret.yaml }, { path: 'leaf.yaml', text: fromLeaf }, { path: 'root.yaml', text: fromRoot }])
      // The issuers these Certificates point at are the user's to create: "not found in this workspace" hints are expected.
      .filter((f) => f.code !== 'issuer-not-found');
    assert.deepEqual(findings, [], show(findings));
  });
}
