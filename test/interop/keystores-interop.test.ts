// Keystores and bundles made by the real tools (#17 part 5), read by `certwright inspect`:
// PKCS#12 from `openssl pkcs12 -export` (openssl 3 defaults: PBES2 AES-256-CBC; `-legacy`:
// 40-bit RC2 and 3DES; no password) and from keytool (Java 17 PKCS#12), JKS key and trust
// stores from keytool, PKCS#7 from `openssl crl2pkcs7` (PEM and DER). The certificates we find
// (subject and SHA-256 fingerprint) must be the ones openssl or keytool list, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { openssl, tmp } from './author-support';

const d = tmp('cw-keystores-');
const PW = 'changeit-interop';
const pwFile = join(d, 'pw');
writeFileSync(pwFile, `${PW}\n`);

function run(args: string[]): string {
  const r = openssl(args);
  if (r.code !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.out}`);
  return r.out;
}
function keytool(args: string[]): string {
  const r = spawnSync('keytool', args, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`keytool ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

async function inspectJson(file: string, password = true): Promise<{ records: Array<{ type: string; subject?: string; sha256?: string; container?: { format: string; alias?: string } }>; code: number; err: string }> {
  let out = '', err = '';
  const code = await main(['inspect', '--json', ...(password ? ['--password-file', pwFile] : []), file], { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { records: JSON.parse(out), code, err };
}

/** Subject and SHA-256 of every certificate in a PEM text, as `openssl x509` prints them. */
function opensslCerts(pem: string): string[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => {
    const out = openssl(['x509', '-noout', '-fingerprint', '-sha256'], b).out;
    return /Fingerprint=([0-9A-F:]+)/.exec(out)![1].replace(/:/g, '').toLowerCase();
  });
}

/** SHA-256 fingerprints `keytool -list -v` prints for a store, in its order. */
function keytoolCerts(file: string, type: 'JKS' | 'PKCS12'): string[] {
  const out = keytool(['-list', '-v', '-storetype', type, '-keystore', file, '-storepass', PW]);
  return [...out.matchAll(/SHA256: ([0-9A-F:]+)/g)].map((m) => m[1].replace(/:/g, '').toLowerCase());
}

// A CA (RSA) and a leaf (ECDSA P-256) it signs.
run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(d, 'ca.key'), '-out', join(d, 'ca.pem'), '-subj', '/O=Interop/CN=Interop Keystore CA', '-days', '365', '-addext', 'basicConstraints=critical,CA:TRUE']);
run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(d, 'leaf.key'), '-out', join(d, 'leaf.csr'), '-subj', '/CN=svc.prod.svc']);
run(['x509', '-req', '-in', join(d, 'leaf.csr'), '-CA', join(d, 'ca.pem'), '-CAkey', join(d, 'ca.key'), '-set_serial', '7', '-days', '90', '-out', join(d, 'leaf.pem')]);
const chain = opensslCerts(readFileSync(join(d, 'leaf.pem'), 'utf8') + readFileSync(join(d, 'ca.pem'), 'utf8'));
const caOnly = [chain[1]];

const export12 = (name: string, extra: string[], pass = PW) => {
  const f = join(d, name);
  run(['pkcs12', '-export', '-in', join(d, 'leaf.pem'), '-inkey', join(d, 'leaf.key'), '-certfile', join(d, 'ca.pem'), '-name', 'svc', '-out', f, '-passout', `pass:${pass}`, ...extra]);
  return f;
};

test('PKCS#12 from openssl 3 (PBES2 AES-256-CBC, MAC SHA-256): the certificates openssl prints, the key by type only', async () => {
  const f = export12('modern.p12', []);
  const listed = opensslCerts(run(['pkcs12', '-in', f, '-nokeys', '-passin', `pass:${PW}`]));
  const { records, code } = await inspectJson(f);
  assert.equal(code, 0);
  assert.deepEqual(records.filter((r) => r.type === 'certificate').map((r) => r.sha256), listed);
  assert.deepEqual(new Set(listed), new Set(chain));
  assert.deepEqual(records.map((r) => [r.type, r.container?.format]), [['certificate', 'PKCS#12'], ['certificate', 'PKCS#12'], ['private-key', 'PKCS#12']]);
  assert.equal(JSON.stringify(records).includes(readFileSync(join(d, 'leaf.key'), 'utf8').split('\n')[1]), false, 'no key material');
});

test('PKCS#12 with -legacy (40-bit RC2 certificates, 3DES key, MAC SHA-1): read with the password', async () => {
  const f = export12('legacy.pfx', ['-legacy']);
  const listed = opensslCerts(run(['pkcs12', '-legacy', '-in', f, '-nokeys', '-passin', `pass:${PW}`]));
  const { records, code } = await inspectJson(f);
  assert.equal(code, 0);
  assert.deepEqual(records.filter((r) => r.type === 'certificate').map((r) => r.sha256), listed);
});

test('PKCS#12 without a password needs none; with encrypted certificates and no password, a note says what to pass', async () => {
  const f = export12('nopass.p12', ['-certpbe', 'NONE', '-keypbe', 'NONE'], '');
  const open = await inspectJson(f, false);
  assert.equal(open.code, 0);
  assert.deepEqual(open.records.filter((r) => r.type === 'certificate').map((r) => r.sha256), opensslCerts(run(['pkcs12', '-in', f, '-nokeys', '-passin', 'pass:'])));
  const locked = await inspectJson(join(d, 'modern.p12'), false);
  assert.equal(locked.code, 0, 'a keystore that needs a password is not an error');
  assert.deepEqual(locked.records.map((r) => r.type), ['private-key']);
  assert.match(locked.err, /modern\.p12:1: note: PKCS#12: .*encrypted with PBES2 \(PBKDF2-HMAC-SHA256, AES-256-CBC\): a password is needed \(pass --password-file\)/);
});

test('a wrong password: exit 1 and the reason', async () => {
  const wrong = join(d, 'wrong');
  writeFileSync(wrong, 'not-it\n');
  let err = '';
  const code = await main(['inspect', '--password-file', wrong, join(d, 'modern.p12')], { out: () => undefined, err: (s) => { err += s; } });
  assert.equal(code, 1);
  assert.match(err, /error: PKCS#12: MAC does not verify \(SHA-256\): wrong password, or the file was altered: check --password-file/);
});

test('keytool: JKS keystore (private key entry and chain), JKS and PKCS#12 truststores, as cert-manager writes them', async () => {
  const p12 = export12('for-keytool.p12', []);
  const jks = join(d, 'keystore.jks');
  keytool(['-importkeystore', '-noprompt', '-srckeystore', p12, '-srcstoretype', 'PKCS12', '-srcstorepass', PW, '-destkeystore', jks, '-deststoretype', 'JKS', '-deststorepass', PW, '-destkeypass', PW]);
  const trustJks = join(d, 'truststore.jks');
  keytool(['-importcert', '-noprompt', '-storetype', 'JKS', '-keystore', trustJks, '-storepass', PW, '-alias', 'ca', '-file', join(d, 'ca.pem')]);
  const trustP12 = join(d, 'truststore.p12');
  keytool(['-importcert', '-noprompt', '-storetype', 'PKCS12', '-keystore', trustP12, '-storepass', PW, '-alias', 'ca', '-file', join(d, 'ca.pem')]);
  const generated = join(d, 'generated.jks');
  keytool(['-genkeypair', '-storetype', 'JKS', '-keystore', generated, '-storepass', PW, '-keypass', PW, '-alias', 'gen', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=generated.example', '-validity', '30']);
  const cases: [string, 'JKS' | 'PKCS12', string[] | undefined, string[]][] = [
    [jks, 'JKS', chain, ['private-key', 'certificate', 'certificate']],
    [trustJks, 'JKS', caOnly, ['certificate']],
    [trustP12, 'PKCS12', caOnly, ['certificate']],
    [generated, 'JKS', undefined, ['private-key', 'certificate']],
  ];
  for (const [file, type, want, types] of cases) {
    const listed = keytoolCerts(file, type);
    if (want) assert.deepEqual(listed, want, `${file}: keytool lists the chain`);
    const { records, code, err } = await inspectJson(file);
    assert.equal(code, 0, `${file}: ${err}`);
    assert.deepEqual(records.map((r) => r.type), types, file);
    assert.deepEqual(records.filter((r) => r.type === 'certificate').map((r) => r.sha256), listed, file);
  }
  // The generated key pair: a 2048-bit RSA key, decrypted with the store password to say so.
  const gen = (await inspectJson(generated)).records.find((r) => r.type === 'private-key') as { publicKey?: { algorithm: string; size: number } } | undefined;
  assert.deepEqual(gen?.publicKey && [gen.publicKey.algorithm, gen.publicKey.size], ['RSA', 2048]);
  // Without the password a JKS still shows its certificates (stored in the clear).
  const noPw = await inspectJson(trustJks, false);
  assert.deepEqual(noPw.records.map((r) => r.sha256), caOnly);
});

test('PKCS#7 from openssl crl2pkcs7, PEM and DER: the certificates openssl pkcs7 -print_certs prints', async () => {
  for (const form of ['PEM', 'DER']) {
    const f = join(d, `bundle.${form === 'PEM' ? 'p7b' : 'p7c'}`);
    run(['crl2pkcs7', '-nocrl', '-certfile', join(d, 'leaf.pem'), '-certfile', join(d, 'ca.pem'), '-outform', form, '-out', f]);
    const listed = opensslCerts(run(['pkcs7', '-inform', form, '-in', f, '-print_certs']));
    const { records, code } = await inspectJson(f, false);
    assert.equal(code, 0);
    assert.deepEqual(records.map((r) => r.sha256), listed, form);
    assert.deepEqual(listed, chain);
  }
});
