// Node-only services injected into the core: native hashing. (The core's portable SHA works
// anywhere; node:crypto is several times faster for large bundles.)
import { createHash } from 'node:crypto';
import type { Hasher } from '../core/hash';

export const nodeHasher: Hasher = {
  sha1: (d) => createHash('sha1').update(d).digest('hex'),
  sha256: (d) => createHash('sha256').update(d).digest('hex'),
};
