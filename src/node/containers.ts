// Keystore and bundle reading (PKCS#12, JKS, PKCS#7) on Node: the core's decoder with Node's
// crypto. The CLI links the decoder in (containers-bundle.ts); the editor loads it from dist/containers.js the first
// time the bytes are a keystore or bundle (`lazyContainers`), so activation does not parse the
// ASN.1 libraries.
import { join } from 'node:path';
import { containerFormat } from '../core/containers/format';
import type { ContainerSupport } from '../core/scan';
import { nodeContainerCrypto } from './platform';

type Decode = ContainerSupport['decode'];
let loaded: Decode | undefined;

/** The decoder from `dir`/containers.js (built next to dist/extension.js), loaded on first use. */
export function lazyDecoder(dir: string): Decode {
  return (bytes, opts) => {
    if (!containerFormat(bytes)) return undefined;
    loaded ??= ((module.require as (id: string) => { decodeContainer: Decode })(join(dir, 'containers.js'))).decodeContainer;
    return loaded(bytes, opts);
  };
}

/** `nodeContainers` for the extension: the decoder loaded lazily from `dir`. */
export function lazyContainers(dir: string, password?: string): ContainerSupport {
  return { decode: lazyDecoder(dir), crypto: nodeContainerCrypto, password };
}
