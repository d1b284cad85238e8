// Post-processing of scan results shared by the editor, tree and CLI.
import type { FoundObject } from './scan';
import { derivePublicKeyHex } from './verify';

/**
 * Fills in the public-key identity of private keys whose encoding lacks it (Ed25519 PKCS#8
 * v1 keys, EC keys without the optional public key), so they can be matched to certificates.
 */
export async function completeKeyIdentities(objects: FoundObject[]): Promise<void> {
  for (const f of objects) {
    if (!f.result.ok) continue;
    const o = f.result.object;
    if (o.type !== 'private-key' || o.encrypted || o.publicKey.keyMaterialHex) continue;
    const id = await derivePublicKeyHex(o);
    if (id) o.publicKey.keyMaterialHex = id;
  }
}
