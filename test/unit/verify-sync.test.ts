// The synchronous signature verifier lint uses (src/core/verify-sync.ts), against openssl: SHA-384
// and SHA-512 against node:crypto, RSA and ECDSA certificate signatures openssl made (true), the
// same with a flipped bit or the wrong issuer (false), and algorithms it leaves to WebCrypto (undefined).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha384, sha512, signedBySync, verifySync } from '../../src/core/verify-sync';
import { webCryptoVerifier } from '../../src/core/verify';
import type { CertificateInfo } from '../../src/core/model';
import { scan } from './helpers';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('sha384 and sha512 equal node:crypto on lengths around the block boundary', () => {
  for (const n of [0, 1, 55, 111, 112, 127, 128, 129, 239, 240, 1000, 4096]) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255);
    assert.equal(hex(sha512(data)), createHash('sha512').update(data).digest('hex'), `sha512 of ${n} bytes`);
    assert.equal(hex(sha384(data)), createHash('sha384').update(data).digest('hex'), `sha384 of ${n} bytes`);
  }
});

const dir = mkdtempSync(join(tmpdir(), 'certwright-vsync-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const ossl = (...a: string[]) => execFileSync('openssl', a, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });

function cert(name: string): CertificateInfo {
  const o = scan(readFileSync(join(dir, `${name}.crt`), 'utf8'))[0];
  assert.ok(o.result.ok && o.result.object.type === 'certificate');
  return o.result.object as CertificateInfo;
}

/** A self-signed CA with `keyArgs`, and a child it signs with `-<digest>`. */
function pair(name: string, keyArgs: string[], digest: string): { ca: CertificateInfo; child: CertificateInfo } {
  ossl('genpkey', ...keyArgs, '-out', `${name}-ca.key`);
  ossl('req', '-x509', '-new', '-key', `${name}-ca.key`, '-subj', `/CN=${name} CA`, '-days', '30', `-${digest}`, '-out', `${name}-ca.crt`);
  ossl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}-leaf.key`);
  ossl('req', '-new', '-key', `${name}-leaf.key`, '-subj', `/CN=${name} leaf`, '-out', `${name}-leaf.csr`);
  ossl('x509', '-req', '-in', `${name}-leaf.csr`, '-CA', `${name}-ca.crt`, '-CAkey', `${name}-ca.key`, '-set_serial', '7', '-days', '10', `-${digest}`, '-out', `${name}-leaf.crt`);
  return { ca: cert(`${name}-ca`), child: cert(`${name}-leaf`) };
}

const CASES: Array<[string, string[], string]> = [
  ['rsa2048-sha256', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'sha256'],
  ['rsa3072-sha384', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072'], 'sha384'],
  ['rsa2048-sha512', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'sha512'],
  ['p256-sha256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'sha256'],
  ['p256-sha512', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], 'sha512'],
  ['p384-sha384', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384'], 'sha384'],
];

for (const [name, keyArgs, digest] of CASES) {
  test(`verifySync: ${name} signatures openssl made verify; a flipped bit or the wrong issuer does not`, async () => {
    const { ca, child } = pair(name, keyArgs, digest);
    const signed = (c: CertificateInfo) => ({ tbs: c.tbs, signature: c.signature, signatureValue: c.signatureValue, signatureParams: c.signatureParams });
    assert.equal(verifySync(ca.publicKey.spki, signed(child)), true);
    assert.equal(verifySync(ca.publicKey.spki, signed(ca)), true, 'the self-signature');
    assert.equal(await webCryptoVerifier(ca.publicKey.spki, signed(child)), true, 'WebCrypto agrees');
    const bad = signed(child);
    bad.tbs = Uint8Array.from(bad.tbs);
    bad.tbs[bad.tbs.length - 5] ^= 1;
    assert.equal(verifySync(ca.publicKey.spki, bad), false, 'a tampered certificate');
    assert.equal(signedBySync(child, child), false, 'not signed by its own key');
    assert.equal(signedBySync(child, ca), true);
  });
}

test('verifySync: Ed25519 and RSA-PSS are left to WebCrypto (undefined), never false', () => {
  ossl('genpkey', '-algorithm', 'ED25519', '-out', 'ed.key');
  ossl('req', '-x509', '-new', '-key', 'ed.key', '-subj', '/CN=ed', '-days', '3', '-out', 'ed.crt');
  const ed = cert('ed');
  assert.equal(signedBySync(ed, ed), undefined);
  ossl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'pss.key');
  ossl('req', '-x509', '-new', '-key', 'pss.key', '-subj', '/CN=pss', '-days', '3', '-sha256', '-sigopt', 'rsa_padding_mode:pss', '-out', 'pss.crt');
  const pss = cert('pss');
  assert.equal(signedBySync(pss, pss), undefined);
});
