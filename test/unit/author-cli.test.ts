// The authoring subcommands of the CLI, in process: files written (keys 0600), exit codes,
// refusals, help, and no key material on stdout/stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, issueCertificate, loadCa, readCertificates } from '../../src/core/author';
import { toPem } from '../../src/core/bytes';
import { writeAuthored } from '../../src/node/author-files';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './helpers';
import { runCli, tempDirs } from './cli-helpers';

const run = runCli;
// The folders hold generated private keys: removed when the file's tests are done.
const tmp = tempDirs('cw-cli-');
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

/** Signed by the CA whose certificate is the first in `caFile`? (Node's own X.509 verification.) */
const signedBy = (certFile: string, caFile: string) => new X509Certificate(readFileSync(certFile)).verify(new X509Certificate(readFileSync(caFile)).publicKey);
/** A refusal is one line on stderr: no stack trace, no help text. */
const oneLine = (err: string) => assert.ok(/^certwright [a-z ]+: [^\n]+\n$/.test(err) && !/\n\s+at /.test(err), `one clean line: ${JSON.stringify(err)}`);

test('encrypted CA key round trip: issue, sign and an intermediate work with the passphrase; a missing or wrong one exits 2 with one line, writing nothing', async () => {
  const d = tmp();
  writeFileSync(join(d, 'pass'), 's3cret\n');
  writeFileSync(join(d, 'wrong'), 'nope\n');
  assert.equal((await run('ca', 'create', '--out', join(d, 'ca'), '--cn', 'Enc', '--passphrase-file', join(d, 'pass'))).code, 0);
  assert.match(readFileSync(join(d, 'ca/ca.key'), 'utf8'), /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
  const missing = await run('issue', '--ca', join(d, 'ca'), '--out', join(d, 'l'), '--cn', 'x', '--dns', 'x');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /ca\/ca\.key is encrypted: pass --ca-passphrase-file FILE/);
  oneLine(missing.err);
  assert.equal((await run('csr', '--out', join(d, 'req'), '--cn', 'r', '--dns', 'r')).code, 0);
  const refusals: string[][] = [
    ['issue', '--ca', join(d, 'ca'), '--out', join(d, 'l'), '--cn', 'x', '--dns', 'x', '--ca-passphrase-file', join(d, 'wrong')],
    ['sign', '--ca', join(d, 'ca'), '--csr', join(d, 'req/tls.csr'), '--out', join(d, 's'), '--ca-passphrase-file', join(d, 'wrong')],
    ['ca', 'create', '--out', join(d, 'i'), '--cn', 'Inter', '--parent', join(d, 'ca'), '--parent-passphrase-file', join(d, 'wrong')],
  ];
  for (const argv of refusals) {
    const wrong = await run(...argv);
    assert.equal(wrong.code, 2, argv.join(' '));
    assert.match(wrong.err, /ca\.key: wrong passphrase; check the file given to --(ca|parent)-passphrase-file/);
    oneLine(wrong.err);
    noKeyMaterial(wrong);
  }
  for (const dir of ['l', 's', 'i']) assert.equal(existsSync(join(d, dir)), false, `${dir}: nothing written`);
  // The real executable: the same exit status and message, no stack trace.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // see cli.test.ts: the bin does nothing under node --test's variable
  const bin = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), ...refusals[0]], { encoding: 'utf8', env });
  assert.equal(bin.status, 2, bin.stderr);
  oneLine(bin.stderr);
  assert.match(bin.stderr, /wrong passphrase/);
  const ok = await run('issue', '--ca', join(d, 'ca'), '--out', join(d, 'l'), '--cn', 'x', '--dns', 'x', '--ca-passphrase-file', join(d, 'pass'));
  assert.equal(ok.code, 0, ok.err);
  assert.ok(signedBy(join(d, 'l/tls.crt'), join(d, 'ca/ca.crt')), 'the leaf is signed by the encrypted CA key');
  const signed = await run('sign', '--ca', join(d, 'ca'), '--csr', join(d, 'req/tls.csr'), '--out', join(d, 'req'), '--ca-passphrase-file', join(d, 'pass'));
  assert.equal(signed.code, 0, signed.err);
  assert.ok(signedBy(join(d, 'req/tls.crt'), join(d, 'ca/ca.crt')));
  const inter = await run('ca', 'create', '--out', join(d, 'i'), '--cn', 'Inter', '--parent', join(d, 'ca'), '--parent-passphrase-file', join(d, 'pass'));
  assert.equal(inter.code, 0, inter.err);
  assert.ok(signedBy(join(d, 'i/ca.crt'), join(d, 'ca/ca.crt')));
});

test('with a permissive umask (0), every key file is written 0600: ca create (root, encrypted, intermediate), issue, csr, and --force over a widened key', async () => {
  const old = process.umask(0);
  try {
    const d = tmp();
    writeFileSync(join(d, 'pass'), 'pw\n');
    const steps: Array<[string[], string[]]> = [
      [['ca', 'create', '--out', join(d, 'root'), '--cn', 'U Root'], ['root/ca.key']],
      [['ca', 'create', '--out', join(d, 'enc'), '--cn', 'U Enc', '--passphrase-file', join(d, 'pass')], ['enc/ca.key']],
      [['ca', 'create', '--out', join(d, 'inter'), '--cn', 'U Inter', '--parent', join(d, 'enc'), '--parent-passphrase-file', join(d, 'pass')], ['inter/ca.key']],
      [['issue', '--ca', join(d, 'inter'), '--out', join(d, 'leaf'), '--cn', 'l', '--dns', 'l'], ['leaf/tls.key']],
      [['issue', '--ca', join(d, 'root'), '--out', join(d, 'leaf-enc'), '--cn', 'e', '--dns', 'e', '--passphrase-file', join(d, 'pass')], ['leaf-enc/tls.key']],
      [['csr', '--out', join(d, 'req'), '--cn', 'r', '--dns', 'r', '--key', 'rsa-2048'], ['req/tls.key']],
    ];
    for (const [argv, keys] of steps) {
      const r = await run(...argv);
      assert.equal(r.code, 0, r.err);
      for (const k of keys) assert.equal(mode(join(d, k)), 0o600, `${argv.slice(0, 2).join(' ')}: ${k}`);
    }
    for (const f of ['root/ca.crt', 'leaf/tls.crt', 'leaf/ca.crt', 'req/tls.csr']) assert.equal(mode(join(d, f)), 0o644, f);
    chmodSync(join(d, 'leaf/tls.key'), 0o666);
    assert.equal((await run('issue', '--ca', join(d, 'inter'), '--out', join(d, 'leaf'), '--cn', 'l', '--dns', 'l', '--force')).code, 0);
    assert.equal(mode(join(d, 'leaf/tls.key')), 0o600, 'a replaced key file is narrowed again');
  } finally {
    process.umask(old);
  }
});

test('writeAuthored (what the editor commands write with), umask 0: keys 0600, plain or encrypted, new or replacing a 0666 file', async () => {
  const old = process.umask(0);
  try {
    const d = tmp();
    const ca = await createCa({ commonName: 'W', keyType: 'ecdsa-p256' });
    await writeAuthored(join(d, 'ca'), ca, { keyName: 'ca.key' });
    assert.equal(mode(join(d, 'ca/ca.key')), 0o600);
    assert.equal(mode(join(d, 'ca/ca.crt')), 0o644);
    const leaf = await issueCertificate({ ca: await loadCa(ca.files['ca.crt'], toPem('PRIVATE KEY', ca.key!.pkcs8)), commonName: 'w', san: { dns: ['w'] }, keyType: 'ecdsa-p256' });
    mkdirSync(join(d, 'leaf'));
    writeFileSync(join(d, 'leaf/tls.key'), 'old', { mode: 0o666 });
    await writeAuthored(join(d, 'leaf'), leaf, { keyName: 'tls.key', passphrase: 'pw', overwrite: true });
    assert.equal(mode(join(d, 'leaf/tls.key')), 0o600);
    assert.match(readFileSync(join(d, 'leaf/tls.key'), 'utf8'), /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  } finally {
    process.umask(old);
  }
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
