// Certificate serial numbers (RFC 5280 4.1.2.2): positive, at most 20 octets, unpredictable.
// 16 random octets with the top bit cleared: 127 bits of entropy, DER length at most 16.

export const SERIAL_OCTETS = 16;

export function randomSerial(random: (n: number) => Uint8Array = defaultRandom): Uint8Array {
  const s = random(SERIAL_OCTETS);
  s[0] &= 0x7f;
  // Keep the leading octet non-zero so the DER length is stable and the value never zero.
  if (s[0] === 0) s[0] = 0x01;
  return s;
}

function defaultRandom(n: number): Uint8Array {
  const b = new Uint8Array(n);
  (globalThis as { crypto: Crypto }).crypto.getRandomValues(b);
  return b;
}
