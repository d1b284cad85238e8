// Extended key usage for a purpose, along the chain as Go's crypto/x509 checks it: a
// certificate without the extension allows every purpose, anyExtendedKeyUsage allows every
// purpose, and otherwise the purpose must be listed, in the leaf and in every CA above it
// (a CA with EKUs restricts its whole subtree).
export type Purpose = 'server' | 'client';

export const PURPOSE_OIDS: Record<Purpose, string> = {
  server: '1.3.6.1.5.5.7.3.1',
  client: '1.3.6.1.5.5.7.3.2',
};

const ANY_EKU = '2.5.29.37.0';
/** Go accepts the old server-gated-crypto usages as serverAuth (for COMODO-era chains). */
const SGC = ['1.3.6.1.4.1.311.10.3.3', '2.16.840.1.113730.4.1'];

export function ekuAllows(eku: string[] | undefined, purpose: Purpose): boolean {
  if (!eku || eku.length === 0) return true;
  if (eku.includes(ANY_EKU) || eku.includes(PURPOSE_OIDS[purpose])) return true;
  return purpose === 'server' && eku.some((o) => SGC.includes(o));
}
