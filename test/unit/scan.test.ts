// Finding objects: bundles and groups, DER files, PEM and base64 embedded in YAML/JSON/source,
// offsets, and hostile or broken input (errors, never exceptions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64, encodeBase64, toPem } from '../../src/core/bytes';
import { decodeDer } from '../../src/core/decode';
import { findPemBlocks } from '../../src/core/pem';
import { scanBytes, scanText, type FoundObject } from '../../src/core/scan';
import { nodeHasher } from '../../src/node/platform';
import { cert, ok, pemBase64 } from './core-helpers';
import { expected, fixture, fixtureText, scan, scanFixture } from './helpers';

const H = { hasher: nodeHasher };

// ---------------------------------------------------------------------------------------------
// Bundles, groups, DER files

test('chain.pem: 3 certificates in one group, index 0..2, groupSize 3, in file order', () => {
  const found = scanFixture('chain.pem');
  assert.equal(found.length, 3);
  assert.deepEqual(found.map((f) => [f.group, f.index, f.groupSize, f.source, f.label]), [
    [0, 0, 3, 'pem', 'CERTIFICATE'], [0, 1, 3, 'pem', 'CERTIFICATE'], [0, 2, 3, 'pem', 'CERTIFICATE'],
  ]);
  assert.deepEqual(found.map((f) => ok(f).type === 'certificate' && (ok(f) as ReturnType<typeof cert>).sha256), expected('chain.pem').map((e) => e.sha256));
});

test('bundle-cross.pem: 5 certificates in one group', () => {
  const found = scanFixture('bundle-cross.pem');
  assert.deepEqual(found.map((f) => `${f.group}:${f.index}/${f.groupSize}`), ['0:0/5', '0:1/5', '0:2/5', '0:3/5', '0:4/5']);
});

test('grouping: blank lines keep blocks together, prose between them splits the bundle', () => {
  const leaf = fixtureText('leaf-server.crt');
  const root = fixtureText('root.pem');
  assert.deepEqual(scan(`${leaf}\n\n${root}`).map((f) => [f.group, f.index, f.groupSize]), [[0, 0, 2], [0, 1, 2]]);
  assert.deepEqual(scan(`${leaf}# the root:\n${root}`).map((f) => [f.group, f.index, f.groupSize]), [[0, 0, 1], [1, 0, 1]]);
  // One JSON string with two blocks separated by a \n escape is one bundle.
  const json = JSON.stringify({ bundle: leaf + root });
  assert.deepEqual(scan(json).map((f) => [f.group, f.index, f.groupSize]), [[0, 0, 2], [0, 1, 2]]);
});

const derFiles: Array<{ file: string; type: string; sha256: string }> = [
  { file: 'leaf-server.der', type: 'certificate', sha256: String(expected('leaf-server.der')[0].sha256) },
  { file: 'keytypes/rsa-2048.der', type: 'certificate', sha256: String(expected('keytypes/rsa-2048.der')[0].sha256) },
  { file: 'crl/intermediate.crl.der', type: 'crl', sha256: String(expected('crl/intermediate.crl.der')[0].sha256) },
];

for (const d of derFiles) {
  test(`DER file: ${d.file} scans as kind der with one object`, () => {
    const r = scanBytes(fixture(d.file), H);
    assert.equal(r.kind, 'der');
    assert.equal(r.text, undefined);
    assert.equal(r.truncated, false);
    assert.equal(r.objects.length, 1);
    const f = r.objects[0];
    assert.deepEqual([f.source, f.start, f.group, f.index, f.groupSize], ['der', 0, 0, 0, 1]);
    const o = ok(f);
    assert.equal(o.type, d.type);
    assert.equal((o as { sha256: string }).sha256, d.sha256);
    // A plain Uint8Array, not the Node Buffer the bytes came in (the model is platform-free).
    assert.equal(Object.getPrototypeOf(o.der), Uint8Array.prototype);
    assert.deepEqual(o.der, new Uint8Array(fixture(d.file)));
  });
}

test('a PEM file scans as kind text and keeps its text', () => {
  const r = scanBytes(fixture('leaf-server.crt'), H);
  assert.equal(r.kind, 'text');
  assert.equal(r.text, fixtureText('leaf-server.crt'));
});

// ---------------------------------------------------------------------------------------------
// Embedded objects

interface Want { source: FoundObject['source']; key?: string; type: string; from?: string }

const embedded: Array<{ file: string; want: Want[]; groups: Array<[number, number]> }> = [
  {
    file: 'embedded/secret.yaml',
    want: [
      { source: 'base64-pem', key: 'tls.crt', type: 'certificate', from: 'leaf-server.crt' },
      { source: 'base64-pem', key: 'tls.crt', type: 'certificate', from: 'intermediate.pem' },
      { source: 'base64-pem', key: 'tls.key', type: 'private-key' },
      { source: 'base64-pem', key: 'ca.crt', type: 'certificate', from: 'root.pem' },
    ],
    groups: [[0, 2], [1, 2], [0, 1], [0, 1]],
  },
  {
    file: 'embedded/secret-der.yaml',
    want: [
      { source: 'base64-pem', key: 'tls.crt', type: 'certificate', from: 'leaf-server.crt' },
      { source: 'base64-pem', key: 'tls.key', type: 'private-key' },
      { source: 'base64-der', key: 'ca.crt', type: 'certificate', from: 'root.pem' },
    ],
    groups: [[0, 1], [0, 1], [0, 1]],
  },
  {
    file: 'embedded/configmap.yaml',
    // PEM in a block scalar carries the key it sits under (`ca-bundle.crt: |`), for the whole bundle.
    want: [{ source: 'pem', key: 'ca-bundle.crt', type: 'certificate', from: 'intermediate.pem' }, { source: 'pem', key: 'ca-bundle.crt', type: 'certificate', from: 'root.pem' }],
    groups: [[0, 2], [1, 2]],
  },
  {
    file: 'embedded/trust-bundle.yaml',
    want: [{ source: 'pem', key: 'inLine', type: 'certificate', from: 'root.pem' }, { source: 'pem', key: 'inLine', type: 'certificate', from: 'root2.pem' }],
    groups: [[0, 2], [1, 2]],
  },
  {
    file: 'embedded/webhook.yaml',
    want: [
      { source: 'base64-pem', key: 'caBundle', type: 'certificate', from: 'intermediate.pem' },
      { source: 'base64-pem', key: 'caBundle', type: 'certificate', from: 'root.pem' },
    ],
    groups: [[0, 2], [1, 2]],
  },
  {
    file: 'embedded/config.json',
    // A PEM string in JSON carries its property name.
    want: [{ source: 'pem', key: 'certificate', type: 'certificate', from: 'leaf-server.crt' }, { source: 'pem', key: 'privateKey', type: 'private-key' }, { source: 'pem', key: 'clientCA', type: 'certificate', from: 'root.pem' }],
    groups: [[0, 1], [0, 1], [0, 1]],
  },
  {
    file: 'embedded/tls.go',
    want: [{ source: 'pem', type: 'certificate', from: 'leaf-server.crt' }, { source: 'pem', type: 'private-key' }],
    groups: [[0, 1], [0, 1]],
  },
  {
    file: 'embedded/tls.py',
    want: [{ source: 'pem', type: 'certificate', from: 'root2.pem' }],
    groups: [[0, 1]],
  },
  {
    file: 'embedded/multi-doc.yaml',
    want: [
      { source: 'base64-pem', key: 'tls.crt', type: 'certificate', from: 'leaf-server.crt' },
      { source: 'base64-pem', key: 'tls.key', type: 'private-key' },
      { source: 'base64-pem', key: 'tls.crt', type: 'certificate', from: 'keytypes/rsa-2048.crt' },
      { source: 'base64-pem', key: 'tls.key', type: 'private-key' },
      { source: 'pem', key: 'ca.crt', type: 'certificate', from: 'root.pem' },
    ],
    groups: [[0, 1], [0, 1], [0, 1], [0, 1], [0, 1]],
  },
];

for (const e of embedded) {
  test(`embedded: ${e.file} yields ${e.want.length} objects with source, key and group`, () => {
    const found = scanFixture(e.file);
    assert.deepEqual(
      found.map((f) => ({ source: f.source, key: f.key, type: ok(f).type })),
      e.want.map((w) => ({ source: w.source, key: w.key, type: w.type })),
    );
    assert.deepEqual(found.map((f) => [f.index, f.groupSize]), e.groups);
    e.want.forEach((w, i) => {
      if (!w.from) return;
      const o = ok(found[i]);
      assert.equal(o.type === 'certificate' && o.sha256, cert(w.from).sha256, `${e.file}#${i} is ${w.from}`);
    });
    // The certificates are those openssl listed, in the same order, with the same sources.
    const certs = found.map(ok).filter((o) => o.type === 'certificate');
    assert.deepEqual(certs.map((c) => c.type === 'certificate' && c.sha256), expected(e.file).map((x) => x.sha256));
    assert.deepEqual(e.want.filter((w) => w.type === 'certificate').map((w) => w.from), expected(e.file).map((x) => x.source));
  });

  test(`offsets: ${e.file} — start is at -----BEGIN (PEM) or the first base64 character (base64)`, () => {
    const text = fixtureText(e.file);
    for (const f of scanFixture(e.file)) {
      const slice = text.slice(f.start, f.end);
      if (f.source === 'pem') {
        assert.ok(slice.startsWith(`-----BEGIN ${f.label}-----`), `${e.file}@${f.start}: ${slice.slice(0, 30)}`);
        assert.ok(slice.endsWith(`-----END ${f.label}-----`), `${e.file}@${f.end}: ${slice.slice(-30)}`);
      } else {
        assert.match(slice, /^[A-Za-z0-9+/]{40,}={0,2}$/, `${e.file}: the range is exactly the base64 value`);
        const lineStart = text.lastIndexOf('\n', f.start) + 1;
        assert.match(text.slice(lineStart, f.start), new RegExp(`^\\s*${f.key!.replace('.', '\\.')}:\\s$`));
        assert.ok(f.end === text.length || text[f.end] === '\n', 'the range ends at the end of the line');
        const bytes = decodeBase64(slice);
        if (f.source === 'base64-pem') assert.match(new TextDecoder().decode(bytes), /^-----BEGIN /);
        else assert.deepEqual(bytes, ok(f).der);
      }
    }
  });
}

test('multi-doc.yaml: exactly 5 objects, each once (regression: objects were once duplicated endlessly)', () => {
  const found = scanFixture('embedded/multi-doc.yaml');
  assert.equal(found.length, 5);
  assert.equal(new Set(found.map((f) => `${f.start}:${f.index}`)).size, 5);
  const again = scanText(fixtureText('embedded/multi-doc.yaml'), H);
  assert.equal(again.objects.length, 5, 'a second scan finds the same number (no shared regex state)');
  assert.equal(again.truncated, false);
});

test('a base64 value that is not a certificate under an unrelated key is not reported', () => {
  const junk = encodeBase64(Uint8Array.from({ length: 60 }, (_, i) => (i * 7 + 1) & 0xff));
  const der = encodeBase64(Uint8Array.from([0x30, 0x10, ...Array(16).fill(0x41)]));
  assert.deepEqual(scan(`data:\n  token: ${junk}\n  blob: MII${der}${der}\n`), []);
});

test('a base64 value under a certificate key that does not decode is reported with its key', () => {
  const text = fixtureText('embedded/secret.yaml');
  const value = text.match(/tls\.crt: (\S+)/)![1];
  // Cut the value to a length no base64 can have (4n+1 symbols).
  const cut = value.slice(0, value.length - ((value.length - 1) % 4));
  const found = scan(`data:\n  tls.crt: ${cut}\n`);
  assert.equal(found.length, 1);
  assert.equal(found[0].key, 'tls.crt');
  assert.equal(found[0].source, 'base64-pem');
  assert.ok(!found[0].result.ok);
  assert.match(!found[0].result.ok ? found[0].result.error : '', /base64 data has a bad length/);
  // DER base64 under ca.crt that is not a certificate.
  const bad = scan(`data:\n  ca.crt: ${encodeBase64(Uint8Array.from([0x30, 0x82, 0x01, 0x00, ...Array(60).fill(0x42)]))}\n`);
  assert.equal(bad.length, 1);
  assert.deepEqual([bad[0].key, bad[0].source, bad[0].result.ok], ['ca.crt', 'base64-der', false]);
});

test('maxObjects stops the scan and says so', () => {
  const r = scanText(fixtureText('bundle-cross.pem'), { hasher: nodeHasher, maxObjects: 2 });
  assert.equal(r.objects.length, 2);
  assert.equal(r.truncated, true);
  const all = scanText(fixtureText('bundle-cross.pem'), H);
  assert.equal(all.objects.length, 5);
  assert.equal(all.truncated, false);
});

test('ignored labels (EC PARAMETERS) produce no object; the key after them does', () => {
  const found = scan('-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n' + fixtureText('keys/ec-sec1.key'));
  assert.equal(found.length, 1);
  assert.equal(found[0].label, 'EC PRIVATE KEY');
  assert.equal(ok(found[0]).type, 'private-key');
});

test('PEM variants that still decode: CRLF line endings, BOM, X509 CERTIFICATE, TRUSTED CERTIFICATE', () => {
  const leaf = fixtureText('leaf-server.crt');
  const sha = cert('leaf-server.crt').sha256;
  for (const [name, text] of [
    ['CRLF', leaf.replace(/\n/g, '\r\n')],
    ['BOM', '\ufeff' + leaf],
    ['X509 CERTIFICATE', leaf.replace(/CERTIFICATE/g, 'X509 CERTIFICATE')],
    ['TRUSTED CERTIFICATE', leaf.replace(/CERTIFICATE/g, 'TRUSTED CERTIFICATE')],
    ['Python concatenation', '"' + leaf.trimEnd().split('\n').join('\\n"\n  "') + '\\n"'],
  ] as const) {
    const found = scan(text);
    assert.equal(found.length, 1, name);
    const o = ok(found[0]);
    assert.equal(o.type === 'certificate' && o.sha256, sha, name);
  }
});

// ---------------------------------------------------------------------------------------------
// Bad input: an error result, never an exception

const badFiles: Array<{ file: string; kind: 'text' | 'der' | 'binary'; error?: string; label?: string }> = [
  { file: 'bad/truncated-base64.pem', kind: 'text', label: 'CERTIFICATE', error: 'the data is truncated' },
  { file: 'bad/wrong-label.pem', kind: 'text', label: 'CERTIFICATE', error: 'the block is labelled "CERTIFICATE" but holds a private key (PKCS#8): fix the BEGIN/END lines' },
  { file: 'bad/typo-label.pem', kind: 'text', label: 'CERTIFCATE', error: 'unknown PEM label "CERTIFCATE": did you mean "CERTIFICATE"?' },
  { file: 'bad/mismatched-armor.pem', kind: 'text', label: 'CERTIFICATE', error: 'armor mismatch: "BEGIN CERTIFICATE" is closed by "END PRIVATE KEY"' },
  { file: 'bad/missing-end.pem', kind: 'text', label: 'CERTIFICATE', error: '"-----BEGIN CERTIFICATE-----" has no matching "-----END CERTIFICATE-----" line' },
  { file: 'bad/not-base64.pem', kind: 'text', label: 'CERTIFICATE', error: 'invalid base64 character "!"' },
  { file: 'bad/garbage.der', kind: 'der', error: 'malformed DER' },
  { file: 'bad/binary.bin', kind: 'binary' },
];

for (const b of badFiles) {
  test(`bad input: ${b.file} → ${b.error ?? 'no objects'}`, () => {
    let r: ReturnType<typeof scanBytes> | undefined;
    assert.doesNotThrow(() => { r = scanBytes(fixture(b.file), H); });
    assert.equal(r!.kind, b.kind);
    if (!b.error) {
      assert.deepEqual(r!.objects, []);
      return;
    }
    assert.equal(r!.objects.length, 1);
    const f = r!.objects[0];
    assert.equal(f.label, b.label);
    assert.equal(f.result.ok, false);
    assert.ok(!f.result.ok && f.result.error.includes(b.error), !f.result.ok ? f.result.error : 'decoded');
  });
}

test('missing END: the error range is the BEGIN line only', () => {
  const text = fixtureText('bad/missing-end.pem');
  const [f] = scan(text);
  assert.equal(text.slice(f.start, f.end), '-----BEGIN CERTIFICATE-----');
});

function body(rel: string): string {
  return pemBase64(rel).replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n');
}
const armor = (label: string, b64: string) => `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;

/** 10,000 nested SEQUENCEs with consistent lengths (a DER "bomb"). */
function nestedDer(depth: number): Uint8Array {
  let b: Uint8Array = new Uint8Array(0);
  for (let i = 0; i < depth; i++) {
    const n = b.length;
    const hdr = n < 0x80 ? [0x30, n] : n < 0x100 ? [0x30, 0x81, n] : n < 0x10000 ? [0x30, 0x82, n >> 8, n & 0xff] : [0x30, 0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
    const o = new Uint8Array(hdr.length + n);
    o.set(hdr);
    o.set(b, hdr.length);
    b = o;
  }
  return b;
}

const nested = nestedDer(10_000);
const wrapDer = (der: Uint8Array, label = 'CERTIFICATE') => toPem(label, der);

const badTexts: Array<{ name: string; text: string; error: RegExp | string }> = [
  { name: 'empty PEM block', text: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', error: 'the block is empty' },
  { name: 'PEM block of blank lines', text: '-----BEGIN CERTIFICATE-----\n\n  \n-----END CERTIFICATE-----\n', error: 'the block is empty' },
  { name: '10,000 nested SEQUENCEs under CERTIFICATE', text: wrapDer(nested), error: /^malformed DER: / },
  { name: '10,000 nested SEQUENCEs under PRIVATE KEY', text: wrapDer(nested, 'PRIVATE KEY'), error: /^malformed DER: / },
  { name: '10,000 indefinite-length SEQUENCE headers', text: wrapDer(Uint8Array.from({ length: 20_000 }, (_, i) => (i % 2 ? 0x80 : 0x30))), error: 'indefinite length is not allowed in DER' },
  { name: 'length field claiming 4 GiB', text: wrapDer(Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30, 0x00])), error: 'claims 4294967295 bytes but only 2 remain' },
  { name: '8-byte length field', text: wrapDer(Uint8Array.from([0x30, 0x88, 1, 2, 3, 4, 5, 6, 7, 8, 0x30, 0x00])), error: 'length field of 8 bytes is too large' },
  { name: 'not a SEQUENCE', text: wrapDer(Uint8Array.from([0x04, 0x02, 0x41, 0x42])), error: /malformed DER/ },
  { name: 'data after the padding', text: fixtureText('leaf-server.crt').replace('-----END', 'QUJD\n-----END'), error: "base64 data continues after '=' padding" },
  { name: 'base64 of text without a PEM block under tls.crt', text: `tls.crt: ${encodeBase64(new TextEncoder().encode('-----BEGIN nothing here: a lower-case label, so no PEM block at all'))}\n`, error: 'the base64 value decodes to text without a complete PEM block' },
  { name: 'CERTIFICATE REQUEST holding a certificate', text: armor('CERTIFICATE REQUEST', body('leaf-server.crt')), error: 'the block is labelled "CERTIFICATE REQUEST" but holds a certificate' },
  { name: 'X509 CRL holding a certificate', text: armor('X509 CRL', body('leaf-server.crt')), error: 'the block is labelled "X509 CRL" but holds a certificate' },
  { name: 'PRIVATE KEY holding a certificate', text: armor('PRIVATE KEY', body('leaf-server.crt')), error: 'the block is labelled "PRIVATE KEY" but holds a certificate' },
  { name: 'CERTIFICATE holding a CSR', text: armor('CERTIFICATE', body('csr/ecdsa-p256.csr')), error: 'the block is labelled "CERTIFICATE" but holds a certificate request' },
  { name: 'CERTIFICATE holding a CRL', text: armor('CERTIFICATE', body('crl/intermediate.crl.pem')), error: 'the block is labelled "CERTIFICATE" but holds a CRL' },
  { name: 'CERTIFICATE holding a public key', text: armor('CERTIFICATE', body('keys/ec-spki.pub')), error: 'the block is labelled "CERTIFICATE" but holds a public key' },
  { name: 'RSA PRIVATE KEY holding an EC key', text: armor('RSA PRIVATE KEY', body('keys/ec-sec1.key')), error: /malformed DER/ },
  // BUG (src/core/decode.ts decodeDer): PUBLIC KEY / RSA PUBLIC KEY are the only labels not
  // routed through wrongLabel(), so a certificate pasted under PUBLIC KEY armor gets a raw DER
  // message ("expected an OBJECT IDENTIFIER") instead of the "labelled ... but holds ..." hint.
  { name: 'PUBLIC KEY holding a certificate', text: armor('PUBLIC KEY', body('leaf-server.crt')), error: 'the block is labelled "PUBLIC KEY" but holds a certificate' },
  // BUG (src/core/keys.ts ecFromSec1): an RSA PKCS#1 key under EC PRIVATE KEY armor "decodes" as
  // an ECDSA key of unknown size (algorithm EC, size null, curve null) instead of failing.
  { name: 'EC PRIVATE KEY holding an RSA PKCS#1 key', text: armor('EC PRIVATE KEY', body('keys/rsa-pkcs1.key')), error: /EC PRIVATE KEY|ECPrivateKey|RSA/ },
];

for (const b of badTexts) {
  test(`bad text: ${b.name}`, () => {
    let found: FoundObject[] = [];
    assert.doesNotThrow(() => { found = scan(b.text); });
    assert.equal(found.length, 1, 'one object');
    const r = found[0].result;
    assert.equal(r.ok, false, r.ok ? `decoded as ${r.object.type}: ${JSON.stringify({ ...r.object, der: undefined })}` : '');
    if (r.ok) return;
    if (typeof b.error === 'string') assert.ok(r.error.includes(b.error), r.error);
    else assert.match(r.error, b.error);
  });
}

const badDer: Array<{ name: string; der: Uint8Array; error: RegExp }> = [
  { name: 'empty', der: new Uint8Array(0), error: /empty data/ },
  { name: 'not a SEQUENCE', der: Uint8Array.from([0x02, 0x01, 0x00]), error: /does not start with a SEQUENCE/ },
  { name: '10,000 nested SEQUENCEs', der: nested, error: /^malformed DER: / },
  { name: '4 GiB length', der: Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00]), error: /claims 4294967295 bytes/ },
  { name: '8-byte length field', der: Uint8Array.from([0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), error: /length field of 8 bytes is too large/ },
  { name: 'truncated length', der: Uint8Array.from([0x30, 0x82, 0x01]), error: /truncated DER length/ },
  { name: 'trailing bytes after a certificate', der: Uint8Array.from([...fixture('leaf-server.der'), 0x00, 0x00]), error: /malformed DER/ },
];

for (const b of badDer) {
  for (const label of [undefined, 'CERTIFICATE', 'PRIVATE KEY', 'X509 CRL']) {
    test(`decodeDer(${b.name}, ${label ?? 'unlabelled'}) is an error result`, () => {
      let r: ReturnType<typeof decodeDer> | undefined;
      assert.doesNotThrow(() => { r = decodeDer(b.der, label, nodeHasher); });
      assert.equal(r!.ok, false);
      if (label === undefined && !r!.ok) assert.match(r!.error, b.error);
    });
  }
}

test('scanBytes on a 10,000-deep DER bomb does not throw and decodes nothing', () => {
  let r: ReturnType<typeof scanBytes> | undefined;
  assert.doesNotThrow(() => { r = scanBytes(nested, H); });
  assert.ok(r!.objects.every((f) => !f.result.ok));
});

// ---------------------------------------------------------------------------------------------
// Hostile sizes

/** A deterministic PRNG (LCG) so the junk is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test('50 MB of random base64-ish text and PEM-looking junk: returns, every object is an error at its place', () => {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const size = 50 * 1024 * 1024;
  const buf = Buffer.alloc(size);
  const rnd = lcg(7);
  for (let i = 0; i < size; i++) buf[i] = (i + 1) % 65 === 0 ? 0x0a : B64.charCodeAt((rnd() * 64) | 0);
  // Overwrite whole lines (65 bytes each) with junk that looks like PEM or Secret data.
  const lines = Math.floor(size / 65);
  let begins = 0;
  let certKeys = 0;
  let b64pem = 0;
  const put = (line: number, s: string) => { buf.write(s.padEnd(64, 'A').slice(0, 64), line * 65, 'latin1'); };
  for (let line = 100; line < lines - 100; line += 4999) {
    const k = (line / 4999) | 0;
    switch (k % 5) {
      case 0: put(line, '-----BEGIN CERTIFICATE-----'); put(line + 10, '-----END CERTIFICATE-----'); begins++; break;
      case 1: put(line, '-----BEGIN PRIVATE KEY-----'); put(line + 3, '-----END RSA PRIVATE KEY-----'); begins++; break;
      case 2: put(line, 'tls.crt: MII'.padEnd(64, 'Q')); certKeys++; break;
      case 3: put(line, 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUN3VENDQW1lZ0F3SUJBZ0lS'); b64pem++; break;
      case 4: put(line, '-----BEGIN CERTIFCATE-----'); put(line + 5, '-----END CERTIFCATE-----'); begins++; break;
    }
  }
  // A few BEGIN lines that are never closed.
  for (const line of [lines - 15, lines - 10, lines - 5]) { put(line, '-----BEGIN CERTIFICATE-----'); begins++; }
  const text = buf.toString('latin1');
  let r: ReturnType<typeof scanText> | undefined;
  assert.doesNotThrow(() => { r = scanText(text, H); });
  const objs = r!.objects;
  assert.equal(r!.truncated, false);
  assert.ok(objs.every((f) => !f.result.ok), 'random junk never decodes');
  const pem = objs.filter((f) => f.source === 'pem');
  assert.equal(pem.length, begins);
  for (const f of pem) assert.equal(text.slice(f.start, f.start + 11), '-----BEGIN ');
  assert.equal(objs.filter((f) => f.source === 'base64-der' && f.key === 'tls.crt').length, certKeys);
  assert.equal(objs.filter((f) => f.source === 'base64-pem').length, b64pem);
  assert.ok(pem.some((f) => !f.result.ok && /did you mean "CERTIFICATE"/.test(f.result.error)));
  assert.ok(pem.some((f) => !f.result.ok && /has no matching "-----END CERTIFICATE-----"/.test(f.result.error)));
});

/** Counts the characters String.prototype[method] examines while fn runs. */
function charsExamined(method: 'indexOf' | 'lastIndexOf', fn: () => void): number {
  const proto = String.prototype as unknown as Record<string, (this: string, s: string, from?: number) => number>;
  const orig = proto[method];
  let n = 0;
  proto[method] = function (this: string, s: string, from?: number) {
    const r = orig.call(this, s, from);
    if (method === 'indexOf') n += (r < 0 ? this.length : r) - (from ?? 0);
    else n += (from ?? this.length) - (r < 0 ? 0 : r);
    return r;
  };
  try {
    fn();
  } finally {
    proto[method] = orig;
  }
  return n;
}

// BUG (src/core/pem.ts findPemBlocks): for every BEGIN line it searches the rest of the text for
// an END line (`text.indexOf(END, bodyStart)`) before checking whether another BEGIN comes
// first. With many unterminated BEGIN lines the scan is quadratic: 8 MB of such junk takes ~5 s,
// 16 MB ~20 s (an editor hangs on the file). Each character should be examined a bounded number
// of times; here it is examined ~500 times for a 93 KB input.
test('findPemBlocks examines each character a bounded number of times (unterminated BEGIN lines)', () => {
  const junk = ('-----BEGIN CERTIFICATE-----\n' + 'QUJD'.repeat(16) + '\n').repeat(1000);
  let blocks: ReturnType<typeof findPemBlocks> = [];
  const n = charsExamined('indexOf', () => { blocks = findPemBlocks(junk); });
  assert.equal(blocks.length, 1000);
  assert.ok(blocks.every((b) => b.armorError?.includes('has no matching')));
  assert.ok(n <= 10 * junk.length, `examined ${n} characters for a ${junk.length}-character text (${(n / junk.length).toFixed(0)}x)`);
});

// BUG (src/core/scan.ts keyBefore): for every base64 candidate it looks for the start of the
// line with `text.lastIndexOf('\n', at - 1)`, which walks back over the whole line; on a long
// single line (minified JSON, `kubectl get -o json | jq -c`) this is quadratic: a 2.9 MB
// one-line file with 40,000 base64 strings takes ~30 s. Only the last 200 characters are used.
test('scanText examines each character a bounded number of times on one long line of base64 values', () => {
  const item = '"k": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4D+uhJ7RkICXQcI2XJHT", ';
  const text = '{' + item.repeat(5000) + '}';
  let found: FoundObject[] = [];
  const n = charsExamined('lastIndexOf', () => { found = scan(text); });
  assert.deepEqual(found, []);
  assert.ok(n <= 10 * text.length, `examined ${n} characters for a ${text.length}-character text (${(n / text.length).toFixed(0)}x)`);
});
