// The certificate reader of `certwright verify` (src/core/validate/read.ts): it must accept
// exactly what decodeCertificate accepts and give the same fields (those it reads up front and
// those it reads on first use), on every fixture certificate, on NIST's PKITS certificates, and
// on truncated and mutated DER; and through the CLI, a broken block keeps decodeDer's wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { main } from '../../src/cli/main';
import { findPemBlocks, pemBody } from '../../src/core/pem';
import { decodeBase64, toPem } from '../../src/core/bytes';
import { createCertificateReader } from '../../src/core/validate/read';
import { walkRespectingGitignore } from '../../src/node/gitignore';
import { nodeHasher } from '../../src/node/platform';
import { readerDisagreement } from '../support/validation-reader';
import { CERTS, FIXTURES } from './helpers';

const PKITS = '/usr/lib/python3/dist-packages/cryptography_vectors/x509/PKITS_data/certs';

/** Every certificate of the fixtures (PEM blocks labelled CERTIFICATE, and .der/.crt files). */
function fixtureCertificates(): { name: string; der: Uint8Array }[] {
  const out: { name: string; der: Uint8Array }[] = [];
  const files = [
    ...walkRespectingGitignore(CERTS, (p) => /\.(pem|crt|der|cer)$/.test(basename(p))),
    ...walkRespectingGitignore(join(FIXTURES, 'decode'), (p) => /\.(pem|der)$/.test(basename(p))),
  ];
  for (const file of files) {
    const bytes = readFileSync(file);
    const text = bytes.toString('latin1');
    if (text.includes('-----BEGIN ')) {
      for (const b of findPemBlocks(text)) {
        if (b.label !== 'CERTIFICATE' || b.armorError) continue;
        try {
          out.push({ name: `${file}#${b.start}`, der: decodeBase64(pemBody(text, b).base64) });
        } catch {
          // Not base64: the scanner's tests cover it.
        }
      }
    } else out.push({ name: file, der: new Uint8Array(bytes) });
  }
  return out;
}

/** A fixed-seed generator (xorshift32), so every run mutates the same way. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

test('the validation reader agrees with decodeCertificate on every fixture certificate', () => {
  const certs = fixtureCertificates();
  assert.ok(certs.length >= 50, `only ${certs.length} fixture certificates found`);
  const read = createCertificateReader(nodeHasher);
  for (const { name, der } of certs) assert.equal(readerDisagreement(der, read), undefined, name);
});

test("the validation reader agrees with decodeCertificate on NIST's PKITS certificates", () => {
  assert.ok(existsSync(PKITS), `${PKITS} is missing: run "bash scripts/setup.sh" (python3-cryptography-vectors)`);
  const read = createCertificateReader(nodeHasher);
  const files = readdirSync(PKITS).filter((f) => f.endsWith('.crt'));
  assert.ok(files.length > 300);
  for (const f of files) assert.equal(readerDisagreement(new Uint8Array(readFileSync(join(PKITS, f))), read), undefined, f);
});

test('the validation reader agrees with decodeCertificate on truncated and mutated DER (accepts and rejects the same)', () => {
  const next = rng(17);
  const read = createCertificateReader(nodeHasher);
  let rejected = 0, accepted = 0;
  for (const { name, der } of fixtureCertificates()) {
    const inputs: Uint8Array[] = [];
    for (const cut of [0, 1, 2, 4, der.length >> 1, der.length - 1]) inputs.push(der.slice(0, cut));
    for (let k = 0; k < 12; k++) {
      const m = der.slice();
      const flips = 1 + Math.floor(next() * 3);
      for (let j = 0; j < flips; j++) m[Math.floor(next() * m.length)] = Math.floor(next() * 256);
      inputs.push(m);
    }
    for (const input of inputs) {
      const why = readerDisagreement(input, read);
      assert.equal(why, undefined, `${name}, mutated: ${Buffer.from(input).toString('hex')}`);
      try { read(input); accepted++; } catch { rejected++; }
    }
  }
  // Both outcomes are exercised, not only one.
  assert.ok(rejected > 100 && accepted > 100, `accepted ${accepted}, rejected ${rejected}`);
});

test('verify: a broken CERTIFICATE block is reported in decodeDer\'s words, exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-read-'));
  const root = readFileSync(join(CERTS, 'verify', 'root.pem'));
  writeFileSync(join(dir, 'root.pem'), root);
  // A certificate cut short inside its body: the reader rejects it, decodeDer says why.
  const der = decodeBase64(pemBody(root.toString('latin1'), findPemBlocks(root.toString('latin1'))[0]).base64);
  writeFileSync(join(dir, 'cut.pem'), toPem('CERTIFICATE', der.slice(0, 200)));
  let out = '', err = '';
  const code = await main(['verify', '--ca', join(dir, 'root.pem'), join(dir, 'cut.pem')], { out: (s: string) => { out += s; }, err: (s: string) => { err += s; } });
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.match(err, /^certwright verify: .*cut\.pem: no certificate found \(.*truncated.*\)\n$/);
});
