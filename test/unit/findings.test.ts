// Findings (core/diagnostics.ts checkObjects): each rule with a failing and a passing case, the
// right code and severity, and a range that covers the object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkObjects, RULES, type Finding } from '../../src/core/diagnostics';
import { completeKeyIdentities } from '../../src/core/inventory';
import { scanBytes, type FoundObject } from '../../src/core/scan';
import { nodeHasher } from '../../src/node/platform';
import { DAY, LEAF_NOT_AFTER, NOW } from './core-helpers';
import { fixture, fixtureText, scan } from './helpers';

interface Check { text: string; found: FoundObject[] }

function ofFile(rel: string): Check {
  const r = scanBytes(fixture(rel), { hasher: nodeHasher });
  return { text: r.text ?? '', found: r.objects };
}

function ofText(text: string): Check {
  return { text, found: scan(text) };
}

function check(c: Check, now = NOW, expiryWarningDays = 30): Finding[] {
  return checkObjects(c.text, c.found, { now, expiryWarningDays });
}

/** The finding covers the object it is about: the PEM block or the base64 value. */
function assertCovers(c: Check, f: Finding) {
  const o = c.found.find((x) => x.start === f.start && x.end === f.end);
  assert.ok(o, `finding ${f.code} [${f.start},${f.end}] is the range of a found object`);
  assert.ok(f.end > f.start, 'non-empty range');
  const slice = c.text.slice(f.start, f.end);
  if (o.source === 'pem') {
    assert.match(slice, /^-----BEGIN [A-Z0-9 ]+-----/);
    if (!(o.result.ok === false && o.result.error.includes('no matching'))) assert.match(slice, /-----END [A-Z0-9 ]+-----$/);
  } else {
    assert.match(slice, /^[A-Za-z0-9+/]+=*$/);
  }
}

interface Case {
  name: string;
  input: () => Check;
  now?: Date;
  days?: number;
  /** Expected findings as code/severity, plus a message fragment each. */
  want: Array<{ code: string; severity: string; message: RegExp }>;
}

const leafExpiresIn = (days: number) => new Date(LEAF_NOT_AFTER.getTime() - days * DAY);

const cases: Case[] = [
  // expired
  { name: 'expired certificate', input: () => ofFile('expired.crt'), want: [{ code: 'expired', severity: 'error', message: /^Certificate CN=expired\.certwright\.test expired \d+ (?:days|months|years) ago \(2021-01-01\): TLS peers reject it/ }] },
  { name: 'expired certificate, clock inside its validity', input: () => ofFile('expired.crt'), now: new Date('2020-06-01T00:00:00Z'), want: [] },
  { name: 'expired certificate, clock one second after notAfter', input: () => ofFile('expired.crt'), now: new Date('2021-01-01T00:00:01Z'), want: [{ code: 'expired', severity: 'error', message: /expired 1 minute ago/ }] },
  // not yet valid
  { name: 'not-yet-valid certificate', input: () => ofFile('not-yet-valid.crt'), want: [{ code: 'not-yet-valid', severity: 'warning', message: /^Certificate CN=not-yet-valid\.certwright\.test is not valid until 2099-01-01 \(in \d+ (?:days|months|years)\)/ }] },
  { name: 'not-yet-valid certificate, clock in 2099', input: () => ofFile('not-yet-valid.crt'), now: new Date('2099-06-01T00:00:00Z'), want: [] },
  // expiring
  { name: 'leaf 20 days before expiry, 30-day window', input: () => ofFile('leaf-server.crt'), now: leafExpiresIn(20), want: [{ code: 'expiring', severity: 'warning', message: new RegExp(`^Certificate CN=payment-service expires in 20 days \\(${LEAF_NOT_AFTER.toISOString().slice(0, 10)}\\): inside its last 30 days, the shorter of a third of its lifetime \\(when cert-manager renews\\) and the 30-day warning window`) }] },
  { name: 'leaf 20 days before expiry, 10-day window', input: () => ofFile('leaf-server.crt'), now: leafExpiresIn(20), days: 10, want: [] },
  { name: 'leaf 31 days before expiry, 30-day window', input: () => ofFile('leaf-server.crt'), now: leafExpiresIn(31), want: [] },
  { name: 'leaf far from expiry (the fixed clock)', input: () => ofFile('leaf-server.crt'), want: [] },
  { name: 'leaf DER 20 days before expiry', input: () => ofFile('leaf-server.der'), now: leafExpiresIn(20), want: [{ code: 'expiring', severity: 'warning', message: /expires in 20 days/ }] },
  // weak key / weak signature
  { name: 'RSA 1024 certificate', input: () => ofFile('keytypes/rsa-1024-weak.crt'), want: [{ code: 'weak-key', severity: 'warning', message: /^Certificate CN=rsa-1024-weak\.certwright\.test: 1024-bit RSA key is too weak/ }] },
  { name: 'RSA 2048 certificate', input: () => ofFile('keytypes/rsa-2048.crt'), want: [] },
  { name: 'RSA 4096, ECDSA P-384/P-521, Ed25519 certificates', input: () => ofText(['keytypes/rsa-4096.crt', 'keytypes/ecdsa-p384.crt', 'keytypes/ecdsa-p521.crt', 'keytypes/ed25519.crt'].map(fixtureText).join('')), want: [] },
  { name: 'SHA-1 signature', input: () => ofFile('keytypes/sha1-rsa.crt'), want: [{ code: 'weak-signature', severity: 'warning', message: /^Certificate CN=sha1-rsa\.certwright\.test is signed with sha1WithRSAEncryption: SHA-1 signatures are rejected/ }] },
  { name: 'SHA-256 signature', input: () => ofFile('keytypes/ecdsa-p256.crt'), want: [] },
  // decode errors and labels
  { name: 'undecodable block', input: () => ofFile('bad/not-base64.pem'), want: [{ code: 'decode-error', severity: 'error', message: /^Cannot decode this CERTIFICATE block: invalid base64 character "!"/ }] },
  { name: 'truncated block', input: () => ofFile('bad/truncated-base64.pem'), want: [{ code: 'decode-error', severity: 'error', message: /truncated/ }] },
  { name: 'missing END line', input: () => ofFile('bad/missing-end.pem'), want: [{ code: 'decode-error', severity: 'error', message: /has no matching "-----END CERTIFICATE-----" line/ }] },
  { name: 'wrong label', input: () => ofFile('bad/wrong-label.pem'), want: [{ code: 'decode-error', severity: 'error', message: /labelled "CERTIFICATE" but holds a private key/ }] },
  { name: 'undecodable base64 under tls.crt', input: () => ofText('data:\n  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUN3VENDQW1lZ0F3SUJBZ0lS\n'), want: [{ code: 'decode-error', severity: 'error', message: /^Cannot decode the base64 value of tls\.crt: / }] },
  { name: 'typo in the label', input: () => ofFile('bad/typo-label.pem'), want: [{ code: 'unknown-label', severity: 'warning', message: /^Unknown PEM label "CERTIFCATE": did you mean "CERTIFICATE"\?/ }] },
  { name: 'label without a suggestion', input: () => ofText(fixtureText('leaf-server.crt').replace(/CERTIFICATE/g, 'SOMETHING ELSE ENTIRELY')), want: [{ code: 'unknown-label', severity: 'warning', message: /^Unknown PEM label "SOMETHING ELSE ENTIRELY"\. / }] },
  { name: 'correct label', input: () => ofFile('leaf-server.crt'), want: [] },
  // key pairs
  { name: 'certificate + wrong key in one bundle', input: () => ofText(fixtureText('leaf-server.crt') + fixtureText('mismatched.key')), want: [{ code: 'key-mismatch', severity: 'error', message: /^This ECDSA P-256 private key does not match the certificate CN=payment-service: / }] },
  { name: 'certificate + its key in one bundle', input: () => ofText(fixtureText('leaf-server.crt') + fixtureText('leaf-server.key')), want: [] },
  { name: 'key first, then its certificate', input: () => ofText(fixtureText('leaf-server.key') + fixtureText('leaf-server.crt')), want: [] },
  { name: 'chain + its leaf key', input: () => ofText(fixtureText('chain.pem') + fixtureText('leaf-server.key')), want: [] },
  { name: 'chain + wrong key names the first certificate and counts the others', input: () => ofText(fixtureText('chain.pem') + fixtureText('mismatched.key')), want: [{ code: 'key-mismatch', severity: 'error', message: /does not match the certificate CN=payment-service \(nor the other 2\)/ }] },
  { name: 'RSA PKCS#1 key + its certificate', input: () => ofText(fixtureText('keytypes/rsa-2048.crt') + fixtureText('keys/rsa-pkcs1.key')), want: [] },
  { name: 'RSA PKCS#1 key + another RSA certificate', input: () => ofText(fixtureText('keytypes/rsa-4096.crt') + fixtureText('keys/rsa-pkcs1.key')), want: [{ code: 'key-mismatch', severity: 'error', message: /^This RSA 2048 private key does not match the certificate CN=rsa-4096\.certwright\.test/ }] },
  { name: 'SEC1 key + its certificate', input: () => ofText(fixtureText('keytypes/ecdsa-p256.crt') + fixtureText('keys/ec-sec1.key')), want: [] },
  { name: 'encrypted key next to a certificate: cannot tell, no finding', input: () => ofText(fixtureText('leaf-server.crt') + fixtureText('keys/ec-pkcs8-encrypted.key')), want: [] },
  { name: 'a key alone', input: () => ofFile('mismatched.key'), want: [] },
  { name: 'Secret with matching tls.crt/tls.key (and ca.crt)', input: () => ofFile('embedded/secret.yaml'), want: [] },
  { name: 'Secret with DER ca.crt', input: () => ofFile('embedded/secret-der.yaml'), want: [] },
  { name: 'JSON config with the leaf, its key and the root', input: () => ofFile('embedded/config.json'), want: [] },
  { name: 'Go source with the leaf and its key', input: () => ofFile('embedded/tls.go'), want: [] },
  { name: 'multi-doc YAML: each Secret pairs its own key and certificate', input: () => ofFile('embedded/multi-doc.yaml'), want: [] },
  {
    name: 'Secret whose tls.key belongs to another certificate',
    input: () => {
      const t = fixtureText('embedded/secret.yaml');
      const other = Buffer.from(fixtureText('mismatched.key')).toString('base64');
      return ofText(t.replace(/tls\.key: \S+/, `tls.key: ${other}`));
    },
    want: [{ code: 'key-mismatch', severity: 'error', message: /does not match the certificate CN=payment-service \(nor the other 1\)/ }],
  },
  {
    name: 'Secret with only ca.crt and a tls.key that does not match it: ca.crt is never paired with keys',
    input: () => {
      const t = fixtureText('embedded/secret.yaml');
      return ofText(t.replace(/\n\s*tls\.crt: \S+/, '').replace(/ca\.crt: \S+/, `ca.crt: ${Buffer.from(fixtureText('leaf-server.crt')).toString('base64')}`).replace(/tls\.key: \S+/, `tls.key: ${Buffer.from(fixtureText('mismatched.key')).toString('base64')}`));
    },
    want: [],
  },
  // stale CRL
  { name: 'stale CRL', input: () => ofFile('crl/intermediate-stale.crl.pem'), want: [{ code: 'crl-stale', severity: 'warning', message: /^CRL from Certwright Test Intermediate CA is STALE: next update was due \d+ (?:days|months|years) ago \(2021-02-01\)/ }] },
  { name: 'stale CRL, clock before its next update', input: () => ofFile('crl/intermediate-stale.crl.pem'), now: new Date('2021-01-15T00:00:00Z'), want: [] },
  { name: 'fresh CRL (PEM)', input: () => ofFile('crl/intermediate.crl.pem'), want: [] },
  { name: 'fresh CRL (DER)', input: () => ofFile('crl/intermediate.crl.der'), want: [] },
  // several at once
  {
    name: 'a bundle with an expired, a weak and a mismatched object reports each on its own block',
    input: () => ofText(fixtureText('expired.crt') + '\n' + fixtureText('keytypes/rsa-1024-weak.crt') + '\n' + fixtureText('keytypes/sha1-rsa.crt')),
    want: [
      { code: 'expired', severity: 'error', message: /expired\.certwright\.test/ },
      { code: 'weak-key', severity: 'warning', message: /rsa-1024-weak/ },
      { code: 'weak-signature', severity: 'warning', message: /sha1-rsa/ },
    ],
  },
];

for (const c of cases) {
  test(`findings: ${c.name}`, () => {
    const input = c.input();
    const got = check(input, c.now ?? NOW, c.days ?? 30);
    assert.deepEqual(got.map((f) => [f.code, f.severity]), c.want.map((w) => [w.code, w.severity]), JSON.stringify(got, null, 1));
    got.forEach((f, i) => {
      assert.match(f.message, c.want[i].message);
      assert.equal(f.severity, RULES[f.code].severity, `${f.code} has the rule's severity`);
      if (input.found[0].source !== 'der') assertCovers(input, f);
    });
  });
}

test('key-mismatch is on the key, not on the certificate', () => {
  const leaf = fixtureText('leaf-server.crt');
  const c = ofText(leaf + fixtureText('mismatched.key'));
  const [f] = check(c);
  assert.equal(f.start, leaf.length, 'starts at the key block');
  assert.equal(c.text.slice(f.start, f.start + 27), '-----BEGIN PRIVATE KEY-----');
  assert.equal(f.end, c.text.trimEnd().length);
});

test('multi-doc YAML: the key of document 2 is not compared with the certificate of document 1', () => {
  const cert = fixtureText('leaf-server.crt');
  const key = fixtureText('mismatched.key');
  const doc = (sep: string) => `kind: ConfigMap\ndata:\n  cert: |\n${indent(cert)}${sep}kind: ConfigMap\ndata:\n  key: |\n${indent(key)}`;
  assert.deepEqual(check(ofText(doc('---\n'))), []);
  assert.deepEqual(check(ofText(doc('--- # next\n'))), [], 'a "---" with a trailing comment separates documents too');
  // Control: the same objects in one document are compared.
  const one = ofText(doc(''));
  assert.equal(one.found.length, 2);
  assert.deepEqual(check(one).map((f) => f.code), ['key-mismatch']);
});

// BUG (src/core/scan.ts, PEM blocks get no `key`; src/core/diagnostics.ts checkKeyPairs only
// excludes certificates with key === 'ca.crt'): a CA under `stringData: ca.crt: |` (or a JSON
// "ca.crt" string) is paired with the private key beside it like a serving certificate, while the
// same CA base64-encoded under `data: ca.crt:` is not. Result: a false key-mismatch error naming
// the CA, or a message that names the CA instead of tls.crt.
test('a PEM ca.crt (YAML block scalar) is never paired with keys, like a base64 ca.crt', () => {
  const secret = (entries: Array<[string, string]>) =>
    `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nstringData:\n${entries.map(([k, f]) => `  ${k}: |\n${indent(fixtureText(f))}`).join('')}`;
  // Only a CA and a key that is not the CA's: nothing to compare the key with.
  const onlyCa = ofText(secret([['ca.crt', 'root.pem'], ['tls.key', 'mismatched.key']]));
  assert.equal(onlyCa.found.length, 2);
  assert.deepEqual(check(onlyCa), []);
  // The base64 form of the same Secret (control, passes today).
  const b64 = ofText(`apiVersion: v1\nkind: Secret\ndata:\n  ca.crt: ${Buffer.from(fixtureText('root.pem')).toString('base64')}\n  tls.key: ${Buffer.from(fixtureText('mismatched.key')).toString('base64')}\n`);
  assert.deepEqual(check(b64), []);
  // With a tls.crt the key is compared with tls.crt only, and the message names it.
  const full = ofText(secret([['ca.crt', 'root.pem'], ['tls.crt', 'leaf-server.crt'], ['tls.key', 'mismatched.key']]));
  const got = check(full);
  assert.deepEqual(got.map((f) => f.code), ['key-mismatch']);
  assert.match(got[0].message, /does not match the certificate CN=payment-service: /);
});

function indent(s: string): string {
  return s.trimEnd().split('\n').map((l) => `    ${l}\n`).join('');
}

test('Ed25519: after completeKeyIdentities, a right key passes and a wrong certificate fails', async () => {
  const right = ofText(fixtureText('keytypes/ed25519.crt') + fixtureText('keys/ed25519-pkcs8.key'));
  assert.deepEqual(check(right), [], 'no identity yet: cannot tell, so no finding');
  await completeKeyIdentities(right.found);
  assert.deepEqual(check(right), []);
  const wrong = ofText(fixtureText('keytypes/ecdsa-p256.crt') + fixtureText('keys/ed25519-pkcs8.key'));
  await completeKeyIdentities(wrong.found);
  assert.deepEqual(check(wrong).map((f) => [f.code, f.message.slice(0, 45)]), [['key-mismatch', 'This Ed25519 private key does not match the c']]);
});

test('every rule code the checks emit is in RULES with a summary', () => {
  for (const code of ['decode-error', 'unknown-label', 'expired', 'not-yet-valid', 'expiring', 'crl-stale', 'weak-key', 'weak-signature', 'key-mismatch']) {
    assert.ok(RULES[code], code);
    assert.ok(RULES[code].summary.length > 10, code);
  }
});

test('the expiry window boundary: exactly N days left is expiring, N days + 1 ms is not', () => {
  const c = ofFile('leaf-server.crt');
  assert.deepEqual(check(c, leafExpiresIn(30), 30).map((f) => f.code), ['expiring']);
  assert.deepEqual(check(c, new Date(leafExpiresIn(30).getTime() - 1), 30).map((f) => f.code), []);
  assert.deepEqual(check(c, LEAF_NOT_AFTER, 30).map((f) => f.code), ['expired'], 'at notAfter it is expired');
});
