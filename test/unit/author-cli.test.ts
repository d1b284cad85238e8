// The authoring subcommands of the CLI, in process: files written (keys 0600), exit codes,
// refusals, help, and no key material on stdout/stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { readCertificates } from '../../src/core/author';
import { parseAllDocuments } from 'yaml';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'cw-cli-'));
const mode = (p: string) => statSync(p).mode & 0o777;
const noKeyMaterial = (r: { out: string; err: string }) => assert.ok(!/PRIVATE KEY|MII[A-Za-z0-9+/]{20}/.test(r.out + r.err), 'no key material in output');

test('ca create, issue: files, modes 0600 for keys, chain layout; nothing secret printed', async () => {
  const d = tmp();
  const a = await run('ca', 'create', '--out', join(d, 'root'), '--cn', 'CLI Root', '--path-len', '1');
  assert.equal(a.code, 0, a.err);
  noKeyMaterial(a);
  assert.equal(mode(join(d, 'root/ca.key')), 0o600);
  assert.equal(mode(join(d, 'root/ca.crt')), 0o644);
  const b = await run('ca', 'create', '--out', join(d, 'inter'), '--cn', 'CLI Inter', '--parent', join(d, 'root'), '--key', 'ecdsa-p384', '--days', '30');
  assert.equal(b.code, 0, b.err);
  assert.deepEqual(readCertificates(readFileSync(join(d, 'inter/ca.crt'), 'utf8')).map((c) => c.subject.rfc4514), ['CN=CLI Inter', 'CN=CLI Root']);
  const c = await run('issue', '--ca', join(d, 'inter'), '--out', join(d, 'leaf'), '--cn', 'payment', '--dns', 'payment,payment.prod.svc', '--ip', '127.0.0.1', '--uri', 'spiffe://cluster.local/ns/prod/sa/payment', '--profile', 'server', '--hours', '2', '--key', 'ed25519');
  assert.equal(c.code, 0, c.err);
  noKeyMaterial(c);
  assert.equal(mode(join(d, 'leaf/tls.key')), 0o600);
  const chain = readCertificates(readFileSync(join(d, 'leaf/tls.crt'), 'utf8'));
  assert.deepEqual(chain.map((x) => x.subject.rfc4514), ['CN=payment', 'CN=CLI Inter']);
  assert.deepEqual(chain[0].extendedKeyUsage, ['server auth']);
  assert.deepEqual(chain[0].san.ipAddresses, ['127.0.0.1']);
  assert.equal(chain[0].publicKey.algorithm, 'Ed25519');
  assert.ok(Math.abs(chain[0].notAfter.getTime() - Date.now() - 2 * 3.6e6) < 10_000);
  assert.equal(readCertificates(readFileSync(join(d, 'leaf/ca.crt'), 'utf8'))[0].subject.rfc4514, 'CN=CLI Root');
});

test('existing files are never overwritten without --force (exit 1, files unchanged)', async () => {
  const d = tmp();
  assert.equal((await run('ca', 'create', '--out', d, '--cn', 'One')).code, 0);
  const before = readFileSync(join(d, 'ca.crt'), 'utf8');
  const again = await run('ca', 'create', '--out', d, '--cn', 'Two');
  assert.equal(again.code, 1);
  assert.match(again.err, /refusing to overwrite .*ca\.crt.*--force/);
  assert.equal(readFileSync(join(d, 'ca.crt'), 'utf8'), before);
  const forced = await run('ca', 'create', '--out', d, '--cn', 'Two', '--force');
  assert.equal(forced.code, 0);
  assert.equal(readCertificates(readFileSync(join(d, 'ca.crt'), 'utf8'))[0].subject.commonName, 'Two');
  assert.equal(mode(join(d, 'ca.key')), 0o600);
});

test('encrypted CA key: --passphrase-file encrypts, issue needs --ca-passphrase-file, wrong one exits 2', async () => {
  const d = tmp();
  writeFileSync(join(d, 'pass'), 's3cret\n');
  writeFileSync(join(d, 'wrong'), 'nope\n');
  assert.equal((await run('ca', 'create', '--out', join(d, 'ca'), '--cn', 'Enc', '--passphrase-file', join(d, 'pass'))).code, 0);
  assert.match(readFileSync(join(d, 'ca/ca.key'), 'utf8'), /BEGIN ENCRYPTED PRIVATE KEY/);
  const missing = await run('issue', '--ca', join(d, 'ca'), '--out', join(d, 'l'), '--cn', 'x', '--dns', 'x');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /encrypted: a passphrase is needed/);
  const wrong = await run('issue', '--ca', join(d, 'ca'), '--out', join(d, 'l'), '--cn', 'x', '--dns', 'x', '--ca-passphrase-file', join(d, 'wrong'));
  assert.equal(wrong.code, 2);
  assert.match(wrong.err, /wrong passphrase/);
  const ok = await run('issue', '--ca', join(d, 'ca'), '--out', join(d, 'l'), '--cn', 'x', '--dns', 'x', '--ca-passphrase-file', join(d, 'pass'));
  assert.equal(ok.code, 0, ok.err);
});

const usageErrors: Array<[string, string[], RegExp]> = [
  ['unknown flag', ['issue', '--ca', 'x', '--out', 'y', '--cn', 'z', '--bogus'], /unknown option --bogus/],
  ['missing --out', ['ca', 'create', '--cn', 'x'], /--out is required/],
  ['missing subcommand', ['ca', '--out', 'x', '--cn', 'y'], /ca needs a subcommand: create/],
  ['bad key type', ['ca', 'create', '--out', 'x', '--cn', 'y', '--key', 'rsa-1024'], /--key must be one of/],
  ['bad days', ['ca', 'create', '--out', 'x', '--cn', 'y', '--days', '0'], /--days must be a whole number/],
  ['bad path length', ['ca', 'create', '--out', 'x', '--cn', 'y', '--path-len', '-1'], /--path-len/],
  ['days and hours', ['issue', '--ca', 'x', '--out', 'y', '--cn', 'z', '--days', '1', '--hours', '2'], /--days or --hours, not both/],
  ['bad profile', ['issue', '--ca', 'x', '--out', 'y', '--cn', 'z', '--profile', 'both'], /--profile must be server, client or mtls/],
  ['unreadable CA', ['issue', '--ca', '/nonexistent/ca', '--out', 'y', '--cn', 'z'], /cannot read the CA certificate \/nonexistent\/ca\/ca\.crt: no such file/],
  ['unreadable CSR', ['sign', '--ca', 'x', '--csr', '/nonexistent.csr', '--out', 'y'], /cannot read the CSR/],
  ['bad SAN', ['csr', '--out', '/tmp/cw-never', '--cn', 'x', '--ip', '300.1.1.1'], /not an IP address/],
  ['unreadable cert', ['secret', '--cert', '/nonexistent.crt', '--key', 'k'], /cannot read the certificate/],
  ['manifests without input', ['manifests'], /give Kubernetes YAML files/],
  ['manifests bad issuer kind', ['manifests', '--service', 'a', '--issuer-kind', 'Vault'], /--issuer-kind must be/],
  ['manifests bad duration', ['manifests', '--service', 'a', '--duration', '90d'], /not a Go duration/],
];
for (const [what, argv, re] of usageErrors) {
  test(`exit 2 with a clear message: ${what}`, async () => {
    const r = await run(...argv);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, re);
  });
}

for (const cmd of [['ca'], ['issue'], ['csr'], ['sign'], ['secret'], ['manifests']]) {
  test(`${cmd.join(' ')} --help`, async () => {
    const r = await run(...cmd, '--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /^Usage: certwright /);
    assert.match(r.out, /Exit status/);
  });
}

test('the command list names the authoring commands', async () => {
  const r = await run('--help');
  for (const c of ['ca', 'issue', 'csr', 'sign', 'secret', 'manifests']) assert.match(r.out, new RegExp(`^  ${c} `, 'm'));
});

test('csr then sign; secret prints a Secret using the ca.crt next to the certificate', async () => {
  const d = tmp();
  assert.equal((await run('ca', 'create', '--out', join(d, 'ca'), '--cn', 'Signer')).code, 0);
  const c = await run('csr', '--out', join(d, 'req'), '--cn', 'orders', '--dns', 'orders.shop.svc', '--profile', 'client', '--key', 'rsa-2048');
  assert.equal(c.code, 0, c.err);
  assert.equal(mode(join(d, 'req/tls.key')), 0o600);
  const s = await run('sign', '--ca', join(d, 'ca'), '--csr', join(d, 'req/tls.csr'), '--out', join(d, 'req'), '--days', '7');
  assert.equal(s.code, 0, s.err);
  const [leaf] = readCertificates(readFileSync(join(d, 'req/tls.crt'), 'utf8'));
  assert.deepEqual(leaf.extendedKeyUsage, ['client auth']);
  assert.deepEqual(leaf.keyUsage, ['digital signature', 'key encipherment']);
  const y = await run('secret', '--cert', join(d, 'req/tls.crt'), '--key', join(d, 'req/tls.key'), '--namespace', 'shop');
  assert.equal(y.code, 0, y.err);
  const [doc] = parseAllDocuments(y.out).map((x) => x.toJS());
  assert.equal(doc.metadata.name, 'orders-tls');
  assert.equal(doc.type, 'kubernetes.io/tls');
  assert.ok(doc.data['ca.crt']);
});

test('manifests from a folder of YAML (usages inferred), from --service, and --from-pem', async () => {
  const d = tmp();
  mkdirSync(join(d, 'k8s'));
  writeFileSync(join(d, 'k8s/app.yaml'), `apiVersion: v1
kind: Service
metadata: { name: api, namespace: web }
spec: { selector: { app: api } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: web }
spec:
  template:
    metadata: { labels: { app: api } }
    spec:
      containers: [{ name: api, image: api, env: [{ name: DB, value: "db.data.svc.cluster.local:5432" }] }]
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: data }
spec: { selector: { app: db } }
`);
  const r = await run('manifests', '--trust-bundle', join(d, 'k8s'));
  assert.equal(r.code, 0, r.err);
  const docs = parseAllDocuments(r.out).map((x) => x.toJS());
  const api = docs.find((x) => x.metadata.name === 'api-tls');
  assert.deepEqual(api.spec.usages, ['digital signature', 'server auth', 'client auth']);
  assert.deepEqual(docs.find((x) => x.metadata.name === 'db-tls').spec.usages, ['digital signature', 'server auth']);
  assert.ok(docs.some((x) => x.kind === 'Bundle'));
  const only = await run('manifests', '--service', 'db.data', join(d, 'k8s'));
  assert.equal(parseAllDocuments(only.out).filter((x) => x.toJS().kind === 'Certificate').length, 2, 'CA + db');
  const missing = await run('manifests', '--service', 'nope', join(d, 'k8s'));
  assert.equal(missing.code, 2);
  const named = await run('manifests', '--service', 'a,b', '--namespace', 'team', '--issuer-kind', 'Issuer');
  assert.equal(named.code, 0, named.err);
  assert.match(named.out, /kind: Issuer\n/);
  assert.equal((await run('ca', 'create', '--out', join(d, 'ca'), '--cn', 'Pem Root')).code, 0);
  const p = await run('manifests', '--from-pem', join(d, 'ca/ca.crt'), '--namespace', 'cert-manager');
  assert.equal(p.code, 0, p.err);
  const [cert] = parseAllDocuments(p.out).map((x) => x.toJS());
  assert.equal(cert.spec.isCA, true);
  assert.equal(cert.metadata.name, 'pem-root');
});
