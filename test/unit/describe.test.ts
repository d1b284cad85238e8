// Text for people (core/describe.ts): hover cards, code lens titles, bundle hovers and the
// details document contain the facts that matter and never any private key material.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprintDisplay } from '../../src/core/bytes';
import { cardMarkdown, code, detailsText, esc, hoverMarkdown, keyDescription, lensTitle, sanList } from '../../src/core/describe';
import { completeKeyIdentities } from '../../src/core/inventory';
import type { CertificateInfo, PkiObject } from '../../src/core/model';
import { expiryWindowMs, span, validity } from '../../src/core/time';
import { DAY, NOW, cert, ok, onlyObject, pemBase64, windows } from './core-helpers';
import { scanFixture } from './helpers';

const daysLeft = (c: CertificateInfo, now: Date) => Math.floor((c.notAfter.getTime() - now.getTime()) / DAY);
const ymd = (d: Date) => d.toISOString().slice(0, 10);

test('certificate card: subject, CN, SANs, issuer, validity, key, usages, serial, signature, SHA-256', () => {
  const c = cert('leaf-server.crt');
  const md = cardMarkdown(c, NOW, 30);
  for (const want of [
    '**Certificate** `CN=payment-service`',
    '| Subject | `CN=payment-service,OU=Payments,O=Acme` |',
    '`DNS:payment-service` `DNS:payment-service.production.svc` `DNS:payment-service.production.svc.cluster.local` `IP:10.0.0.1` `URI:spiffe://cluster.local/ns/production/sa/payment` `email:ops@example.com`',
    '| Issuer | `CN=Certwright Test Intermediate CA,O=Certwright Test,C=US` |',
    `| Validity | ${ymd(c.notBefore)} → ${ymd(c.notAfter)} · expires in ${span(c.notAfter.getTime() - NOW.getTime())} (${ymd(c.notAfter)}) |`,
    '| Key | ECDSA P-256 |',
    '| Usages | digital signature, server auth, client auth |',
    '| Serial | `8badf00ddeadbeef8badf00ddeadbeef` |',
    '| Signature | ecdsa-with-SHA256 |',
    `| SHA-256 | ${fingerprintDisplay(c.sha256).match(/.{1,24}/g)!.map((g) => `\`${g.replace(/:$/, '')}\``).join(' ')} |`,
  ]) assert.ok(md.includes(want), `card lacks: ${want}\n${md}`);
  assert.match(fingerprintDisplay(c.sha256), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  assert.ok(!md.includes('| CA |'), 'a leaf has no CA row');
});

test('CA card: self-signed marker and path length', () => {
  const md = cardMarkdown(cert('root.pem'), NOW, 30);
  assert.ok(md.includes('(self-signed)'));
  assert.ok(md.includes('| CA | yes, path length 1 |'));
  assert.ok(md.includes('| Usages | cert sign, crl sign |'));
  assert.ok(md.includes('| Key | ECDSA P-384 |'));
  assert.ok(cardMarkdown(cert('intermediate.pem'), NOW, 30).includes('| CA | yes, path length 0 |'));
});

const validityCases: Array<{ name: string; file: string; now: Date; days?: number; lens: RegExp; card: RegExp; details: RegExp }> = [
  {
    name: 'valid', file: 'leaf-server.crt', now: NOW,
    lens: /^Certificate · CN=payment-service · expires in \d+ (?:days|years)$/,
    card: /· expires in \d+ (?:days|years) \(\d{4}-\d\d-\d\d\) \|/,
    details: /^Status:\s+expires in \d+ (?:days|years) \(\d{4}-\d\d-\d\d\)$/m,
  },
  {
    name: 'expiring', file: 'leaf-server.crt', now: new Date(cert('leaf-server.crt').notAfter.getTime() - 20 * DAY),
    lens: /^Certificate · CN=payment-service · expires in 20 days$/,
    card: new RegExp(`\\*\\*⚠ expires in 20 days \\(${ymd(cert('leaf-server.crt').notAfter)}\\)\\*\\*`),
    details: new RegExp(`^Status:\\s+expires in 20 days \\(${ymd(cert('leaf-server.crt').notAfter)}\\)$`, 'm'),
  },
  {
    name: 'one day left', file: 'leaf-server.crt', now: new Date(cert('leaf-server.crt').notAfter.getTime() - 1.5 * DAY),
    lens: /· expires in 1 day$/, card: /expires in 1 day \(/, details: /expires in 1 day \(/,
  },
  {
    name: 'expired', file: 'expired.crt', now: new Date('2021-01-11T00:00:00Z'),
    lens: /^Certificate · CN=expired\.certwright\.test · EXPIRED 10 days ago$/,
    card: /\*\*⛔ EXPIRED 10 days ago \(2021-01-01\)\*\*/,
    details: /^Status:\s+EXPIRED 10 days ago \(2021-01-01\)$/m,
  },
  {
    name: 'not yet valid', file: 'not-yet-valid.crt', now: new Date('2098-12-31T00:00:00Z'),
    lens: /^Certificate · CN=not-yet-valid\.certwright\.test · not valid until 2099-01-01 \(in 1 day\)$/,
    card: /\*\*⚠ not valid until 2099-01-01 \(in 1 day\)\*\*/,
    details: /^Status:\s+not valid until 2099-01-01 \(in 1 day\)$/m,
  },
];

for (const v of validityCases) {
  test(`validity in words: ${v.name}`, () => {
    const c = cert(v.file);
    assert.match(lensTitle(c, v.now, v.days ?? 30), v.lens);
    assert.match(cardMarkdown(c, v.now, v.days ?? 30), v.card);
    assert.match(detailsText(c, v.now, v.days ?? 30), v.details);
  });
}

test('the valid-case day count is exact (under a year left)', () => {
  const c = cert('leaf-server.crt');
  const now = new Date(c.notAfter.getTime() - 100.5 * 86_400_000);
  const n = daysLeft(c, now);
  assert.equal(n, 100);
  assert.equal(lensTitle(c, now, 30), `Certificate · CN=payment-service · expires in ${n} days`);
  assert.ok(detailsText(c, now, 30).includes(`expires in ${n} days (${ymd(c.notAfter)})`));
});

test('the card breaks the SHA-256 fingerprint into four groups of 8 bytes, so the hover never scrolls sideways', () => {
  const c = cert('leaf-server.crt');
  const row = cardMarkdown(c, NOW, 30).split('\n').find((l) => l.startsWith('| SHA-256 |'))!;
  const spans = row.match(/`[^`]+`/g)!;
  assert.equal(spans.length, 4);
  assert.ok(spans.every((s) => s.length <= 2 + 23), row);
  assert.equal(spans.map((s) => s.slice(1, -1)).join(':'), fingerprintDisplay(c.sha256));
});

test('long spans in words: a fresh 10-year CA "expires in 10 years (date)", 18 months, never "3649 days"', () => {
  const nb = new Date('2026-12-03T00:00:00Z');
  const na = new Date(nb.getTime() + 3650 * DAY);
  const now = new Date(nb.getTime() + DAY);
  assert.equal(validity(nb, na, now, 30).text, 'expires in 10 years (2036-11-30)');
  assert.equal(validity(nb, na, now, 30).short, '10 years left');
  assert.equal(span(540 * DAY), '18 months');
  assert.equal(span(364 * DAY), '364 days');
  assert.equal(span(-(800 * DAY)), '2 years');
});

test('expiring: a third of the lifetime left (cert-manager) or the warning days, whichever comes later', () => {
  const at = (nbDaysAgo: number, naDaysAhead: number, warningDays = 30) => {
    const now = new Date('2026-12-03T00:00:00Z');
    return validity(new Date(now.getTime() - nbDaysAgo * DAY), new Date(now.getTime() + naDaysAhead * DAY), now, warningDays).state;
  };
  assert.equal(at(0.001, 1), 'valid', 'a fresh 24-hour certificate is not a warning');
  assert.equal(at(0.7, 0.3), 'expiring', 'a 24-hour certificate with 7 hours left is past its renewal point');
  assert.equal(at(80, 10), 'expiring', 'a 90-day certificate with 10 days left');
  assert.equal(at(50, 40), 'valid', 'a 90-day certificate with 40 days left');
  assert.equal(at(3640, 10), 'expiring', 'a 10-year CA 10 days before expiry');
  assert.equal(at(3600, 50), 'valid', 'a 10-year CA 50 days before expiry: outside the 30-day window');
  assert.equal(at(80, 10, 5), 'valid', 'a 90-day certificate with 10 days left, warning days 5');
  assert.equal(expiryWindowMs(new Date(0), new Date(90 * DAY), 30), 30 * DAY);
  assert.equal(expiryWindowMs(new Date(0), new Date(DAY), 30), DAY / 3);
});

const keyTexts: Array<{ file: string; key: string }> = [
  { file: 'keytypes/ecdsa-p256.crt', key: 'ECDSA P-256' },
  { file: 'keytypes/ecdsa-p384.crt', key: 'ECDSA P-384' },
  { file: 'keytypes/ecdsa-p521.crt', key: 'ECDSA P-521' },
  { file: 'keytypes/rsa-2048.crt', key: 'RSA 2048' },
  { file: 'keytypes/rsa-4096.crt', key: 'RSA 4096' },
  { file: 'keytypes/rsa-1024-weak.crt', key: 'RSA 1024' },
  { file: 'keytypes/ed25519.crt', key: 'Ed25519' },
];

for (const k of keyTexts) {
  test(`key text: ${k.file} → ${k.key}`, () => {
    const c = cert(k.file);
    assert.equal(keyDescription(c.publicKey), k.key);
    assert.ok(cardMarkdown(c, NOW, 30).includes(`| Key | ${k.key} |`));
    assert.match(detailsText(c, NOW, 30), new RegExp(`^Public key:\\s+${k.key}$`, 'm'));
  });
}

test('details document of a certificate: every field, extensions, both fingerprints', () => {
  const c = cert('leaf-server.crt');
  const d = detailsText(c, NOW, 30, ['leaf: CN=payment-service']);
  const lines = [
    'Certificate CN=payment-service',
    'leaf: CN=payment-service',
    'Version:              3 (0x2)',
    'Serial number:        8badf00ddeadbeef8badf00ddeadbeef',
    'Signature algorithm:  ecdsa-with-SHA256',
    'Issuer:               CN=Certwright Test Intermediate CA,O=Certwright Test,C=US',
    'Subject:              CN=payment-service,OU=Payments,O=Acme',
    'Public key:           ECDSA P-256',
    'Self-signed:          no',
    'CA:                   no',
    'Subject alt names:    DNS:payment-service, DNS:payment-service.production.svc, DNS:payment-service.production.svc.cluster.local, IP:10.0.0.1, URI:spiffe://cluster.local/ns/production/sa/payment, email:ops@example.com',
    'Key usage:            digital signature',
    'Extended key usage:   server auth, client auth',
    `Subject key id:       ${fingerprintDisplay(c.subjectKeyId!)}`,
    `Authority key id:     ${fingerprintDisplay(c.authorityKeyId!)}`,
    'Extensions (6):',
    '  Key Usage [2.5.29.15] (critical):',
    `SHA-256 fingerprint:  ${fingerprintDisplay(c.sha256)}`,
    `SHA-1 fingerprint:    ${fingerprintDisplay(c.sha1)}`,
  ];
  for (const l of lines) assert.ok(d.split('\n').includes(l), `details lacks line: ${l}\n${d}`);
  assert.ok(d.includes(`Not after:            ${c.notAfter.toISOString().replace('.000', '')}`));
});

test('bundle hover: one card per certificate, in order, numbered, the focused one marked', () => {
  const found = scanFixture('chain.pem');
  const md = hoverMarkdown(found.map((f) => ({ object: ok(f), index: f.index, groupSize: f.groupSize })), NOW, 30, 1);
  const parts = md.split('\n\n---\n\n');
  assert.equal(parts.length, 3);
  assert.ok(parts[0].startsWith('**Certificate** `CN=payment-service` — 1 of 3\n'));
  assert.ok(parts[1].startsWith('**Certificate** `CN=Certwright Test Intermediate CA` — 2 of 3 (here)\n'));
  assert.ok(parts[2].startsWith('**Certificate** `CN=Certwright Test Root CA` — 3 of 3\n'));
  assert.ok(parts[0].includes('`DNS:payment-service`'));
  assert.ok(parts[2].includes('(self-signed)'));
});

test('bundle hover with a decode error shows the error in its place', () => {
  const md = hoverMarkdown([
    { object: cert('leaf-server.crt'), index: 0, groupSize: 2 },
    { error: 'malformed DER: element claims 705 bytes', index: 1, groupSize: 2 },
  ], NOW, 30);
  assert.match(md, /— 1 of 2\n[\s\S]*\n---\n\n\*\*Cannot decode\*\* — 2 of 2: malformed DER: element claims 705 bytes$/);
});

test('a hover over a bundle of more than 12 shows only the focused certificate', () => {
  const c = cert('leaf-server.crt');
  const items = Array.from({ length: 13 }, (_, i) => ({ object: c as PkiObject, index: i, groupSize: 13 }));
  const md = hoverMarkdown(items, NOW, 30, 4);
  assert.equal(md.split('\n\n---\n\n').length, 2);
  assert.ok(md.includes('— 5 of 13 (here)'));
  assert.ok(md.endsWith('_Bundle of 13: showing the one under the cursor._'));
});

test('CSR card and details: requested SANs and usages, no serial or validity', () => {
  const o = onlyObject('csr/ecdsa-p256.csr');
  const md = cardMarkdown(o, NOW, 30);
  assert.ok(md.startsWith('**Certificate request** `CN=checkout.production.svc`'));
  assert.ok(md.includes('`DNS:checkout` `DNS:checkout.production.svc` `IP:10.0.0.2` `URI:spiffe://cluster.local/ns/production/sa/checkout`'));
  assert.ok(md.includes('| Requested usages | digital signature, server auth, client auth |'));
  assert.ok(!md.includes('| Serial |') && !md.includes('| Validity |'));
  assert.equal(lensTitle(o, NOW, 30), 'Certificate request · CN=checkout.production.svc · ECDSA P-256');
  assert.match(detailsText(o, NOW, 30), /Requested extensions:\n  Subject Alternative Name:\n      DNS:checkout\n/);
});

test('CRL card, lens and details: issuer, revoked serials with reason, staleness', () => {
  const stale = onlyObject('crl/intermediate-stale.crl.pem');
  assert.match(lensTitle(stale, NOW, 30), /^CRL · issuer Certwright Test Intermediate CA · 1 revoked · STALE: next update was due \d+ (?:days|months|years) ago$/);
  const md = cardMarkdown(stale, NOW, 30);
  assert.ok(md.includes('| Revoked | `1000` |'));
  assert.ok(md.includes('| Issuer | `CN=Certwright Test Intermediate CA,O=Certwright Test,C=US` |'));
  assert.match(md, /\*\*⛔ STALE: next update was due \d+ (?:days|months|years) ago \(2021-02-01\)\*\*/);
  const d = detailsText(stale, NOW, 30);
  assert.match(d, /^Revoked certificates \(1\):\n  1000  \S+Z  keyCompromise$/m);
  assert.match(d, /^Next update:\s+2021-02-01T00:00:00Z$/m);
  assert.match(lensTitle(onlyObject('crl/intermediate.crl.pem'), NOW, 30), /· 1 revoked · next update in \d+ (?:days|months|years)$/);
});

test('public key card: type, size and format, with a fingerprint', () => {
  assert.equal(lensTitle(onlyObject('keys/rsa-pkcs1.pub'), NOW, 30), 'Public key · RSA 2048');
  assert.ok(cardMarkdown(onlyObject('keys/rsa-pkcs1.pub'), NOW, 30).includes('| Key | RSA 2048 (PKCS#1) |'));
  assert.ok(cardMarkdown(onlyObject('keys/ec-spki.pub'), NOW, 30).includes('| Key | ECDSA P-256 (SPKI) |'));
  assert.ok(cardMarkdown(onlyObject('keys/ed25519-spki.pub'), NOW, 30).includes('| Key | Ed25519 (SPKI) |'));
});

const privateCards: Array<{ file: string; lens: string; key: string }> = [
  { file: 'keys/rsa-pkcs1.key', lens: 'Private key · RSA 2048', key: 'RSA 2048 (PKCS#1)' },
  { file: 'keys/rsa-pkcs8.key', lens: 'Private key · RSA 2048', key: 'RSA 2048 (PKCS#8)' },
  { file: 'keys/ec-sec1.key', lens: 'Private key · ECDSA P-256', key: 'ECDSA P-256 (SEC1)' },
  { file: 'keys/ec-pkcs8.key', lens: 'Private key · ECDSA P-256', key: 'ECDSA P-256 (PKCS#8)' },
  { file: 'keys/ed25519-pkcs8.key', lens: 'Private key · Ed25519', key: 'Ed25519 (PKCS#8)' },
  { file: 'leaf-server.key', lens: 'Private key · ECDSA P-256', key: 'ECDSA P-256 (PKCS#8)' },
  { file: 'keys/ec-pkcs8-encrypted.key', lens: 'Private key · encrypted (PBES2 (PBKDF2, AES-256-CBC))', key: 'unknown (encrypted PKCS#8, PBES2 (PBKDF2, AES-256-CBC))' },
];

for (const p of privateCards) {
  test(`private key card: ${p.file} shows type and size, never the key`, async () => {
    const found = scanFixture(p.file);
    await completeKeyIdentities(found);
    const k = ok(found[0]);
    const card = cardMarkdown(k, NOW, 30);
    const lens = lensTitle(k, NOW, 30);
    const hover = hoverMarkdown([{ object: k, index: 0, groupSize: 1 }], NOW, 30);
    const details = detailsText(k, NOW, 30);
    assert.equal(lens, p.lens);
    assert.ok(card.includes(`| Key | ${p.key} |`), card);
    assert.ok(card.includes('| Secret | key material is never shown |'));
    assert.ok(!card.includes('SHA-256'), 'no fingerprint of the private key DER');
    const all = [card, lens, hover, details].join('\n');
    assert.deepEqual(windows(pemBase64(p.file)).filter((w) => all.includes(w)), []);
  });
}

test('sanList renders each SAN type with its prefix, in type order', () => {
  assert.deepEqual(sanList(cert('leaf-server.crt').san), [
    'DNS:payment-service', 'DNS:payment-service.production.svc', 'DNS:payment-service.production.svc.cluster.local',
    'IP:10.0.0.1', 'URI:spiffe://cluster.local/ns/production/sa/payment', 'email:ops@example.com',
  ]);
  assert.deepEqual(sanList(cert('root.pem').san), []);
});

test('Markdown special characters in names are escaped or code-quoted', () => {
  const c = cert('root2.pem');
  const md = cardMarkdown(c, NOW, 30);
  assert.ok(md.includes('`CN=Certwright Test Root CA 2,O=Other Trust\\, GmbH,C=DE`'));
});

test('Markdown from outside text (cluster object names, types): a code span cannot be closed, emphasis, links and HTML stay literal', () => {
  assert.equal(code('ns/a`[x](command:evil)`'), "`ns/a'[x](command:evil)'`");
  assert.equal(esc('kubernetes.io/tls [x](https://e) <img> *b*'), 'kubernetes.io/tls \\[x\\]\\(https://e\\) \\<img\\> \\*b\\*');
});
