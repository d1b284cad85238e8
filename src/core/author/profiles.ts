// What each kind of certificate carries: key usage fitting the key type, extended key usage per
// profile, basic constraints. One table, used by the builder, the CSR writer and the manifests.
import type { KeyAlgorithm } from './keys';

export type Profile = 'server' | 'client' | 'mtls';
export const PROFILES: Record<Profile, { label: string; description: string; eku: string[]; usages: string[] }> = {
  server: { label: 'Server', description: 'TLS server (server auth)', eku: ['1.3.6.1.5.5.7.3.1'], usages: ['server auth'] },
  client: { label: 'Client', description: 'TLS client (client auth)', eku: ['1.3.6.1.5.5.7.3.2'], usages: ['client auth'] },
  mtls: { label: 'Server and client (mTLS)', description: 'both ends of mutual TLS (server auth, client auth)', eku: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'], usages: ['server auth', 'client auth'] },
};
export const DEFAULT_PROFILE: Profile = 'mtls';

export function isProfile(s: string): s is Profile {
  return Object.prototype.hasOwnProperty.call(PROFILES, s);
}

/** Key usage bit numbers (RFC 5280 4.2.1.3). */
export const KU = { digitalSignature: 0, keyEncipherment: 2, keyCertSign: 5, cRLSign: 6 } as const;

/**
 * Key usage of an end-entity certificate. Only RSA keys encipher (TLS 1.2 RSA key transport);
 * ECDSA and Ed25519 keys only sign, so "key encipherment" would be wrong for them.
 */
export function leafKeyUsage(algorithm: KeyAlgorithm): number[] {
  return algorithm === 'RSA' ? [KU.digitalSignature, KU.keyEncipherment] : [KU.digitalSignature];
}

export const CA_KEY_USAGE = [KU.digitalSignature, KU.keyCertSign, KU.cRLSign];

/** cert-manager usage words for a leaf of this profile and key type. */
export function certManagerUsages(profile: Profile, algorithm: KeyAlgorithm): string[] {
  return [...(algorithm === 'RSA' ? ['digital signature', 'key encipherment'] : ['digital signature']), ...PROFILES[profile].usages];
}

/** The profile a certificate's EKU list (cert-manager words) corresponds to, if any. */
export function profileOf(eku: string[]): Profile | undefined {
  const s = eku.includes('server auth');
  const c = eku.includes('client auth');
  return s && c ? 'mtls' : s ? 'server' : c ? 'client' : undefined;
}
