import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DerError, readIntegerHex, readOid, readTime, readTlv, children } from '../../src/core/der';
import { fromHex } from '../../src/core/bytes';

const tlvCases: Array<{ name: string; hex: string; want: { tag: number; body: number; end: number } | RegExp }> = [
  { name: 'short form', hex: '0403010203', want: { tag: 4, body: 2, end: 5 } },
  { name: 'long form (1 length byte)', hex: '0481' + '80' + '00'.repeat(128), want: { tag: 4, body: 3, end: 131 } },
  { name: 'truncated body', hex: '3082ffff0000', want: /claims 65535 bytes but only 2 remain/ },
  { name: 'truncated length', hex: '3082ff', want: /truncated DER length/ },
  { name: 'indefinite length', hex: '308000000000', want: /indefinite length/ },
  { name: 'huge length field', hex: '3088' + 'ff'.repeat(8), want: /too large/ },
  { name: 'empty input', hex: '', want: /unexpected end of data/ },
  { name: 'multi-byte tag', hex: '1f8101', want: /multi-byte tags/ },
];

for (const c of tlvCases) {
  test(`readTlv: ${c.name}`, () => {
    const buf = fromHex(c.hex);
    if (c.want instanceof RegExp) {
      assert.throws(() => readTlv(buf, 0), (e: unknown) => e instanceof DerError && (c.want as RegExp).test((e as Error).message));
    } else {
      const t = readTlv(buf, 0);
      assert.deepEqual({ tag: t.tag, body: t.body, end: t.end }, c.want);
    }
  });
}

test('readOid decodes multi-byte arcs', () => {
  const buf = fromHex('06092a864886f70d01010b');
  assert.equal(readOid(buf, readTlv(buf, 0)), '1.2.840.113549.1.1.11');
  const b2 = fromHex('0603550403');
  assert.equal(readOid(b2, readTlv(b2, 0)), '2.5.4.3');
});

test('readIntegerHex strips the sign byte and keeps zero', () => {
  const b = fromHex('020900ff00000000000001');
  assert.equal(readIntegerHex(b, readTlv(b, 0)), 'ff00000000000001');
  const z = fromHex('020100');
  assert.equal(readIntegerHex(z, readTlv(z, 0)), '0');
});

const timeCases: Array<{ name: string; hex: string; want: string | RegExp }> = [
  { name: 'UTCTime 20th century', hex: '170d3939313233313233353935395a', want: '1999-12-31T23:59:59.000Z' },
  { name: 'UTCTime 21st century', hex: '170d3236313231363130303030305a', want: '2026-12-16T10:00:00.000Z' },
  { name: 'GeneralizedTime after 2049', hex: '180f32303939303130313030303030305a', want: '2099-01-01T00:00:00.000Z' },
  { name: 'bad month', hex: '170d3236313331363130303030305a', want: /out of range/ },
  { name: 'letters in digits', hex: '170d32364131313631303030305a5a', want: /invalid digit/ },
];
for (const c of timeCases) {
  test(`readTime: ${c.name}`, () => {
    const b = fromHex(c.hex);
    if (c.want instanceof RegExp) assert.throws(() => readTime(b, readTlv(b, 0)), c.want);
    else assert.equal(readTime(b, readTlv(b, 0)).toISOString(), c.want);
  });
}

test('children of a constructed element, bounded by the parent', () => {
  const b = fromHex('300602010102010204aa');
  const kids = children(b, readTlv(b, 0, 8));
  assert.equal(kids.length, 2);
  assert.throws(() => children(b, { tag: 0x30, start: 0, body: 2, end: 7 }), DerError);
});
