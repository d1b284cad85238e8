// End-to-end trust through roots made by openssl scripts and Vault mounts (#17 part 2, lane t17o):
// the findings name the missing root where it is made, related places point at the root's source,
// and each passing setup turns into a finding when one thing changes (so silence is a proof, not
// a shrug). The failing/passing table is in lint-rules.test.ts (cases from trust-pki-cases.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts, type LintFinding } from '../../src/core/lint/index';
import { TRUST_PKI_FAILS, TRUST_PKI_PASSES, SHARED_CA_SCRIPT, twoScripts, vaultServer, VAULT_PKI, clientWorkload, URL } from './trust-pki-cases';
import type { Input } from './trust-cases';
import { fixtureText } from './helpers';

const missing = (files: Input[]) => lintTexts(files).filter((f) => f.code === 'trust-root-missing');
const at = (files: Input[], f: { file: string; start: number; end: number }) => files.find((x) => x.path === f.file)!.text.slice(f.start, f.end);
const related = (files: Input[], f: LintFinding) => (f.related ?? []).map((r) => [r.file, at(files, r), r.message.split(': ')[0]]);
const failCase = (part: string) => TRUST_PKI_FAILS.find((c) => c.name.includes(part))!;
const passCase = (part: string) => TRUST_PKI_PASSES.find((c) => c.name.includes(part))!;

test('openssl: the finding names the server\'s script-made root and the client\'s, with the root\'s -subj as related place', () => {
  const files = failCase('another script').files;
  const got = missing(files);
  assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
  const f = got[0];
  assert.equal(f.file, 'apps/orders/orders.yaml');
  assert.equal(at(files, f), URL);
  assert.equal(f.severity, 'error');
  assert.match(f.message, /^https:\/\/api\.payments\.svc:8443 reaches Service "api", whose pods serve the certificate openssl x509 makes for Secret "api-tls" \(scripts\/payments-certs\.sh line 7\) chaining to the root "Payments Root CA" that openssl makes in scripts\/payments-certs\.sh line 4, but this container trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: the root "Orders Root CA" that openssl makes in scripts\/orders-certs\.sh line 4\)/);
  assert.deepEqual(related(files, f), [
    ['scripts/payments-certs.sh', 'api-tls', 'the certificate openssl x509 makes for Secret "api-tls" in namespace payments (scripts/payments-certs.sh line 7)'],
    ['scripts/payments-certs.sh', '/O=Example/CN=Payments Root CA', 'the root "Payments Root CA" that openssl makes in scripts/payments-certs.sh line 4'],
    ['apps/orders/orders.yaml', '/etc/tls/ca.crt', 'TLS_CA_FILE'],
    ['scripts/orders-certs.sh', 'orders-tls', 'the certificate openssl x509 makes for Secret "orders-tls" in namespace orders (scripts/orders-certs.sh line 7)'],
  ]);
});

test('openssl: the right root (one script, one CA) is silent; loading another file as ca.crt in that script is reported', () => {
  assert.deepEqual(missing(passCase('one script makes the CA').files), []);
  const wrong = SHARED_CA_SCRIPT.replace('--from-file=tls.key=orders.key --from-file=ca.crt=ca.crt', '--from-file=tls.key=orders.key --from-file=ca.crt=old-ca.crt').replace('NS=payments\n', 'NS=payments\nopenssl req -x509 -newkey rsa:2048 -nodes -keyout old.key -out old-ca.crt -subj "/CN=Old Root CA"\n');
  const files = [{ path: 'scripts/certs.sh', text: wrong }, ...twoScripts().slice(2)];
  const got = missing(files);
  assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
  assert.match(got[0].message, /chaining to the root "Example Root CA" that openssl makes in scripts\/certs\.sh line 4, but this container trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: the root "Old Root CA" that openssl makes in scripts\/certs\.sh line 8\)/);
  // Two roots of one subject may share a key (`-key ca.key`): not provable, silent.
  const same = files.map((f) => (f.path === 'scripts/certs.sh' ? { path: f.path, text: f.text.replace('"/CN=Old Root CA"', '"/O=Example/CN=Example Root CA"') } : f));
  assert.deepEqual(missing(same), []);
});

test('Vault: the finding names the mount\'s root by its common_name, followed from pki_int to pki; related place is the common_name', () => {
  for (const [part, file, value] of [['(pki_int signed by pki)', 'vault/setup-pki.sh', 'example.com Root'], ['Terraform', 'terraform/pki.tf', '"example.com Root"']] as const) {
    const files = failCase(part).files;
    const got = missing(files);
    assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
    assert.match(got[0].message, /whose pods serve Certificate "api" chaining to Vault mount pki's root "example\.com Root", but this container trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: root Certificate "orders-root"/);
    const r = related(files, got[0]);
    assert.deepEqual(r[1], [file, value, 'Vault mount pki\'s root "example.com Root"']);
  }
});

test('Vault: a client issued by the same mount, or trusting the root file the script writes, is silent; another root file is reported', () => {
  assert.deepEqual(missing(passCase('same Vault mount').files), []);
  const good = passCase('written to a file').files;
  assert.deepEqual(missing(good), []);
  // The client's Secret loads a root openssl makes instead: another root.
  const wrong = good.map((f) => (f.path === 'vault/setup-pki.sh' ? { path: f.path, text: f.text.replace('--from-file=ca.crt=root_2024_ca.crt', '--from-file=ca.crt=ca.crt').replace('vault secrets enable pki\n', 'vault secrets enable pki\nopenssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -subj "/CN=Dev Root"\n') } : f));
  const got = missing(wrong);
  assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
  assert.match(got[0].message, /chaining to Vault mount pki's root "example\.com Root", but this container trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: the root "Dev Root" that openssl makes in vault\/setup-pki\.sh line 4\)/);
  // The Secret only the script makes is a related place, at its name in the kubectl line.
  assert.deepEqual(related(wrong, got[0]).at(-1), ['vault/setup-pki.sh', 'orders-tls', 'Secret "orders-tls" in namespace orders']);
  // Another common_name on the same mount (two Vaults' guides): the root is not known, silent.
  const two = vaultServer([{ path: 'vault/setup-pki.sh', text: VAULT_PKI() }, { path: 'vault/dr-site.sh', text: VAULT_PKI('dr.example.com Root') }]);
  assert.deepEqual(missing(two), []);
});

test('a trust-manager Bundle sourced from a Secret a script makes: the wrong Secret is reported on the client, the right one is silent', () => {
  const files = failCase('legacy root').files;
  const got = missing(files);
  assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
  assert.match(got[0].message, /chaining to the root "Payments Root CA" that openssl makes in scripts\/bootstrap-pki\.sh line 6, but this container trusts only SSL_CERT_FILE=\/etc\/trust\/ca-bundle\.crt \(ConfigMap "orders-bundle" key ca-bundle\.crt: the root "Legacy Root CA" that openssl makes in scripts\/bootstrap-pki\.sh line 4\)/);
  assert.deepEqual(related(files, got[0]).slice(1, 2), [['scripts/bootstrap-pki.sh', '/O=Example/CN=Payments Root CA', 'the root "Payments Root CA" that openssl makes in scripts/bootstrap-pki.sh line 6']]);
  assert.deepEqual(missing(passCase('script-made CA Secret').files), []);
});

test('unknown stays silent: no writer of the CA file, a templated Vault path, an intermediate nothing signs, a common_name in a variable', () => {
  for (const c of TRUST_PKI_PASSES.filter((x) => /^(unknown|templated):/.test(x.name))) assert.deepEqual(missing(c.files).map((f) => f.message), [], c.name);
  // The same client against a server its script makes without a CA: self-signed by -signkey is a root of its own.
  assert.ok(clientWorkload().includes('TLS_CA_FILE'));
});

test('openssl: through an intermediate the script signs with its root; the finding names the root, not the intermediate', () => {
  const chain = (clientCa: string) => `#!/bin/sh
set -e
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root.key -out root.crt -days 3650 -subj "/CN=Shop Root CA"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key -out other.crt -days 3650 -subj "/CN=Other Root CA"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout int.key -out int.csr -subj "/CN=Shop Intermediate CA"
openssl x509 -req -in int.csr -CA root.crt -CAkey root.key -CAcreateserial -out int.crt -days 1825 -extfile ca.ext -extensions v3_ca
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout api.key -out api.csr -subj "/CN=api.payments.svc" -addext "subjectAltName=DNS:api.payments.svc"
openssl x509 -req -in api.csr -CA int.crt -CAkey int.key -CAcreateserial -out api.crt -days 90 -copy_extensions copy
kubectl create secret tls api-tls -n payments --cert=api.crt --key=api.key
kubectl create secret generic orders-tls -n orders --from-file=ca.crt=${clientCa}
`;
  const files = (ca: string): Input[] => [{ path: 'pki/chain.sh', text: chain(ca) }, { path: 'pki/ca.ext', text: '[v3_ca]\nbasicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\n' }, ...twoScripts().slice(2)];
  assert.deepEqual(missing(files('root.crt')), []);
  const got = missing(files('other.crt'));
  assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
  assert.match(got[0].message, /chaining to the root "Shop Root CA" that openssl makes in pki\/chain\.sh line 3, but this container trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: the root "Other Root CA" that openssl makes in pki\/chain\.sh line 4\)/);
  // The file gets more certificates after openssl writes it (`cat other.crt >> ca.crt`): not known.
  const appended = files('other.crt').map((f) => (f.path === 'pki/chain.sh' ? { path: f.path, text: f.text.replace('kubectl create secret tls', 'cat root.crt >> other.crt\nkubectl create secret tls') } : f));
  assert.deepEqual(missing(appended), []);
  // The client's file holds the intermediate: it anchors chains through it (Go's pool), not known here.
  assert.deepEqual(missing(files('int.crt')), []);
});

test('literal PEM against a made root: a self-signed certificate of another CN is another root; the same CN may be it', () => {
  const b64 = (x: string) => Buffer.from(x).toString('base64');
  const pem = fixtureText('root.pem');
  const cn = 'Certwright Test Root CA'; // test/fixtures/README.md
  const clientSecret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: orders-tls\n  namespace: orders\ndata:\n  ca.crt: ${b64(pem)}\n`;
  const files = (rootCn: string) => [
    ...vaultServer([{ path: 'vault/setup-pki.sh', text: VAULT_PKI(rootCn) }]).filter((f) => f.path !== 'apps/orders/orders.yaml'),
    { path: 'apps/orders/orders.yaml', text: clientWorkload() }, { path: 'apps/orders/secret.yaml', text: clientSecret },
  ];
  const got = missing(files('example.com Root'));
  assert.equal(got.length, 1, got.map((f) => f.message).join('\n'));
  assert.match(got[0].message, /chaining to Vault mount pki's root "example\.com Root", but this container trusts only TLS_CA_FILE=\/etc\/tls\/ca\.crt \(Secret "orders-tls" key ca\.crt: root .*CN=/);
  assert.deepEqual(missing(files(cn)), []);
});
