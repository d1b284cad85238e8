import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Base64Error, decodeBase64, encodeBase64, fingerprintDisplay, toHex, fromHex } from '../../src/core/bytes';
import { portableHasher } from '../../src/core/hash';
import { nodeHasher } from '../../src/node/platform';

const cases: Array<{ name: string; input: string; want: string | RegExp }> = [
  { name: 'empty', input: '', want: '' },
  { name: 'one byte', input: 'AA==', want: '00' },
  { name: 'two bytes', input: 'AAE=', want: '0001' },
  { name: 'three bytes', input: 'AAEC', want: '000102' },
  { name: 'white space ignored', input: 'AA\n E C\r\n', want: '000102' },
  { name: 'url-safe symbols', input: '-_8=', want: 'fbff' },
  { name: 'missing padding is accepted', input: 'AAE', want: '0001' },
  { name: 'invalid character', input: 'AA!C', want: /invalid base64 character "!" at offset 2/ },
  { name: 'data after padding', input: 'AA==AA', want: /continues after '=' padding/ },
  { name: 'truncated (one dangling symbol)', input: 'AAECA', want: /bad length .* truncated/ },
  { name: 'non-latin character', input: 'AAé=', want: /invalid base64 character/ },
];

for (const c of cases) {
  test(`decodeBase64: ${c.name}`, () => {
    if (c.want instanceof RegExp) {
      assert.throws(() => decodeBase64(c.input), (e: unknown) => e instanceof Base64Error && (c.want as RegExp).test((e as Error).message));
    } else {
      assert.equal(toHex(decodeBase64(c.input)), c.want);
    }
  });
}

test('encodeBase64 round-trips every length 0..64 and agrees with Buffer', () => {
  for (let n = 0; n <= 64; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
    const b64 = encodeBase64(bytes);
    assert.equal(b64, Buffer.from(bytes).toString('base64'));
    assert.deepEqual(decodeBase64(b64), bytes);
  }
});

test('hex helpers and fingerprint display', () => {
  assert.equal(toHex(fromHex('00ff10')), '00ff10');
  assert.equal(fingerprintDisplay('0aff10'), '0A:FF:10');
});

test('portable SHA-1/SHA-256 agree with node:crypto for many lengths', () => {
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 4096]) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + 7) & 0xff);
    assert.equal(portableHasher.sha256(data), nodeHasher.sha256(data), `sha256 of ${n} bytes`);
    assert.equal(portableHasher.sha1(data), nodeHasher.sha1(data), `sha1 of ${n} bytes`);
  }
});
