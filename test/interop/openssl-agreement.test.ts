// Agreement with a real peer: every certificate in Debian's CA bundle decodes with the serial,
// validity, SHA-256 fingerprint, SANs and CA flag that `openssl x509` prints for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { scanText } from '../../src/core/scan';
import { nodeHasher } from '../../src/node/platform';
import { formatIp } from '../../src/core/extensions';

const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

interface OpensslView {
  serial: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  sans: string[];
  isCA: boolean;
}

function normalizeIp(v: string): string {
  if (!v.includes(':')) return v;
  const bytes = new Uint8Array(16);
  v.split(':').forEach((g, i) => { const n = parseInt(g, 16); bytes[i * 2] = n >> 8; bytes[i * 2 + 1] = n & 0xff; });
  return formatIp(bytes);
}

function openssl(pem: string): OpensslView {
  const out = execFileSync('openssl', ['x509', '-noout', '-serial', '-startdate', '-enddate', '-fingerprint', '-sha256', '-ext', 'subjectAltName,basicConstraints'], { input: pem, encoding: 'utf8' });
  const get = (re: RegExp) => (out.match(re) ?? [])[1] ?? '';
  const sanBlock = get(/X509v3 Subject Alternative Name:.*\n\s+(.*)/);
  const sans = sanBlock
    ? sanBlock
        .split(', ')
        .map((s) => s.replace(/^IP Address:(.*)$/, (_m, ip: string) => `IP:${normalizeIp(ip)}`))
        .filter((s) => /^(DNS|IP|URI|email):/.test(s)) // the SAN kinds we report; DirName/othername are not compared
    : [];
  return {
    serial: get(/serial=([0-9A-F-]+)/).toLowerCase().replace(/^0+(?=.)/, ''),
    notBefore: new Date(get(/notBefore=(.*)/)).toISOString(),
    notAfter: new Date(get(/notAfter=(.*)/)).toISOString(),
    sha256: get(/Fingerprint=([0-9A-F:]+)/).replace(/:/g, '').toLowerCase(),
    sans,
    isCA: /CA:TRUE/.test(get(/X509v3 Basic Constraints:.*\n\s+(.*)/)),
  };
}

test('Debian ca-certificates: every certificate agrees with openssl x509', () => {
  assert.ok(existsSync(BUNDLE), `${BUNDLE} is missing: scripts/setup.sh installs the ca-certificates package`);
  const text = readFileSync(BUNDLE, 'utf8');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const found = scanText(text, { hasher: nodeHasher }).objects;
  assert.ok(blocks.length > 100, `expected the full bundle, found ${blocks.length} certificates`);
  assert.equal(found.length, blocks.length);
  let compared = 0;
  for (let i = 0; i < blocks.length; i++) {
    const f = found[i];
    assert.ok(f.result.ok, `certificate ${i} did not decode: ${!f.result.ok && f.result.error}`);
    const c = f.result.object;
    assert.equal(c.type, 'certificate');
    if (c.type !== 'certificate') continue;
    const want = openssl(blocks[i]);
    const ours = {
      serial: c.serialNumber,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      sha256: c.sha256,
      sans: [...c.san.dnsNames.map((v) => `DNS:${v}`), ...c.san.ipAddresses.map((v) => `IP:${v}`), ...c.san.uris.map((v) => `URI:${v}`), ...c.san.emailAddresses.map((v) => `email:${v}`)],
      isCA: c.isCA,
    };
    // openssl lists SANs in certificate order; ours are grouped by type, so compare as sets.
    assert.deepEqual({ ...ours, sans: [...ours.sans].sort() }, { ...want, sans: [...want.sans].sort() }, `certificate ${i}: ${c.subject.rfc4514}`);
    compared++;
  }
  assert.equal(compared, blocks.length);
});
