// Entry of dist/containers.js: the keystore and bundle decoders (PKCS#12 with the @peculiar
// ASN.1 libraries, JKS, PKCS#7), loaded by the extension the first time it meets one; the CLI
// links it in directly (`nodeContainers`).
import { decodeContainer } from '../core/containers';
import type { ContainerSupport } from '../core/scan';
import { nodeContainerCrypto } from './platform';

export { decodeContainer };

/** Container support for a scan; `password` is the one the user gave for this scan only. */
export function nodeContainers(password?: string): ContainerSupport {
  return { decode: decodeContainer, crypto: nodeContainerCrypto, password };
}
