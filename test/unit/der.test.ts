import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DerError, readIntegerHex, readOid, readSerialHex, readTime, readTlv, children } from '../../src/core/der';
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
  { name: 'low tag number in the long form', hex: '1f0c0161', want: /tag number 12 is written in the long form, which DER allows only from 31 on/ },
  { name: 'long-form length below 128', hex: '048103010203', want: /length 3 is not in DER's shortest form \(X\.690 10\.1\)/ },
  { name: 'long-form length with a leading zero octet', hex: '04820080' + '00'.repeat(128), want: /length 128 is not in DER's shortest form/ },
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

type TimeCase = { name: string; hex: string; want: string | RegExp };
const timeCases: TimeCase[] = ([
  { name: 'UTCTime 20th century', hex: '170d3939313233313233353935395a', want: '1999-12-31T23:59:59.000Z' },
  { name: 'UTCTime 21st century', hex: '170d3236313231363130303030305a', want: '2026-12-16T10:00:00.000Z' },
  { name: 'GeneralizedTime after 2049', hex: '180f32303939303130313030303030305a', want: '2099-01-01T00:00:00.000Z' },
  { name: 'bad month', hex: '170d3236313331363130303030305a', want: /out of range/ },
  { name: 'letters in digits', hex: '170d32364131313631303030305a5a', want: /invalid digit/ },
] as TimeCase[])
  // Years 0-99 (Date.UTC would make them 1900-1999), the 1950/2049 UTCTime pivot, and the
  // forms RFC 5280 4.1.2.5 rules out, which openssl and pyca reject too.
  .concat([
    { name: 'GeneralizedTime year 1 (Go zero time)', ascii: ['18', '00010101000000Z'], want: '0001-01-01T00:00:00.000Z' },
    { name: 'GeneralizedTime year 99', ascii: ['18', '00991231235959Z'], want: '0099-12-31T23:59:59.000Z' },
    { name: 'UTCTime 49 is 2049', ascii: ['17', '491231235959Z'], want: '2049-12-31T23:59:59.000Z' },
    { name: 'UTCTime 50 is 1950', ascii: ['17', '500101000000Z'], want: '1950-01-01T00:00:00.000Z' },
    { name: 'leap day', ascii: ['17', '240229120000Z'], want: '2024-02-29T12:00:00.000Z' },
    { name: 'UTCTime of 15 characters', ascii: ['17', '2001010000-0500'], want: /UTCTime "2001010000-0500" is not YYMMDDHHMMSSZ \(13 characters ending in Z, RFC 5280 4\.1\.2\.5\.1\)/ },
    { name: 'UTCTime without seconds', ascii: ['17', '2001010000Z'], want: /UTCTime "2001010000Z" is not YYMMDDHHMMSSZ/ },
    { name: 'UTCTime without Z', ascii: ['17', '200101000000'], want: /is not YYMMDDHHMMSSZ/ },
    { name: 'GeneralizedTime with a fraction', ascii: ['18', '20200101000000.5Z'], want: /GeneralizedTime "20200101000000\.5Z" is not YYYYMMDDHHMMSSZ \(15 characters ending in Z, RFC 5280 4\.1\.2\.5\.2\)/ },
    { name: 'GeneralizedTime with an offset', ascii: ['18', '20200101000000+0100'], want: /is not YYYYMMDDHHMMSSZ/ },
    { name: 'February 30', ascii: ['17', '200230000000Z'], want: /out of range/ },
    { name: 'April 31', ascii: ['17', '200431000000Z'], want: /out of range/ },
    { name: 'second 60', ascii: ['17', '201231235960Z'], want: /out of range/ },
    { name: 'hour 24', ascii: ['17', '201231240000Z'], want: /out of range/ },
    { name: 'not a time', ascii: ['04', '201231240000Z'], want: /expected UTCTime or GeneralizedTime, found tag 0x4/ },
  ].map((c): TimeCase => ({ name: c.name, hex: c.ascii[0] + (c.ascii[1].length).toString(16).padStart(2, '0') + Buffer.from(c.ascii[1]).toString('hex'), want: c.want })));
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

const serialCases: Array<[string, string]> = [
  ['0205fbce996c13', '-04316693ed'], // the example: two's complement of -0x04316693ed
  ['0201ff', '-01'],
  ['020180', '-80'],
  ['0202ff7f', '-81'],
  ['0203ff0000', '-010000'],
  ['020200ff', 'ff'],
  ['020101', '1'],
  ['020100', '0'],
];
for (const [hex, want] of serialCases) {
  test(`readSerialHex ${hex} is ${want} (openssl x509 -serial, lowercase)`, () => {
    const b = fromHex(hex);
    assert.equal(readSerialHex(b, readTlv(b, 0)), want);
  });
}
