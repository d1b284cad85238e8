// Keystores and bundles: PKCS#12, JKS and PKCS#7, told apart by their first bytes and decoded
// into the objects every feature shows. Never throws: a malformed container is a result with
// the reason. The scanner gets `decodeContainer` injected (ScanOptions.containers), so
// `certwright verify` and other callers that do not read keystores do not load the ASN.1 libraries.
import { containerFormat } from './format';
import { decodeJks } from './jks';
import type { ContainerFormat, ContainerOptions, ContainerResult } from './model';
import { decodePkcs12 } from './pkcs12';
import { decodePkcs7 } from './pkcs7';

export { containerFormat };
export type { ContainerCrypto } from './crypto';
export type { ContainerEntry, ContainerFormat, ContainerInfo, ContainerOptions, ContainerResult } from './model';

const NAMES: Record<ContainerFormat, string> = { 'PKCS#12': 'PKCS#12 keystore', JKS: 'JKS keystore', 'PKCS#7': 'PKCS#7 bundle' };

/** Decodes a keystore or bundle; undefined when the bytes are none of them. */
export function decodeContainer(bytes: Uint8Array, opts: ContainerOptions): ContainerResult | undefined {
  const format = containerFormat(bytes);
  if (!format) return undefined;
  try {
    if (format === 'JKS') return decodeJks(bytes, opts);
    if (format === 'PKCS#12') return decodePkcs12(bytes, opts);
    return decodePkcs7(bytes, opts);
  } catch (e) {
    const why = e instanceof RangeError && /stack/i.test(e.message) ? 'nested too deeply' : 'its structure is malformed';
    return {
      format, entries: [{ result: { ok: false, error: `${NAMES[format]}: ${why}` } }], locked: [], integrity: 'unchecked', needsPassword: false,
      summary: `${NAMES[format]}: cannot be read (${why})`,
    };
  }
}
