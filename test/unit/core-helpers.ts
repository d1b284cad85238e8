// Shared by the core unit tests (decode, keys, scan, chain, findings, describe, cli): a fixed
// clock derived from the fixtures, openssl -> Certwright name maps, and small fixture helpers.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { InventoryItem } from '../../src/core/chain';
import { completeKeyIdentities } from '../../src/core/inventory';
import type { CertificateInfo, PkiObject } from '../../src/core/model';
import type { FoundObject } from '../../src/core/scan';
import { expected, FIXTURES, fixtureText, scanFixture } from './helpers';

export const DAY = 86_400_000;

/** The leaf's validity as openssl printed it (fixtures are regenerated with new dates). */
export const LEAF_NOT_BEFORE = new Date(String(expected('leaf-server.crt')[0].notBefore));
export const LEAF_NOT_AFTER = new Date(String(expected('leaf-server.crt')[0].notAfter));

/**
 * The fixed "now" of these tests: 180 days after the leaf was issued. Every generated
 * certificate is valid then (10-20 year lifetimes), expired.crt is expired, not-yet-valid.crt is
 * not yet valid, the stale CRL is stale. Derived from the fixtures rather than a literal so a
 * regeneration of the fixtures does not break the tests.
 */
export const NOW = new Date(LEAF_NOT_BEFORE.getTime() + 180 * DAY);

/** openssl's key usage names -> the cert-manager words Certwright uses. */
export const KEY_USAGE: Record<string, string> = {
  'Digital Signature': 'digital signature',
  'Non Repudiation': 'content commitment',
  'Key Encipherment': 'key encipherment',
  'Data Encipherment': 'data encipherment',
  'Key Agreement': 'key agreement',
  'Certificate Sign': 'cert sign',
  'CRL Sign': 'crl sign',
  'Encipher Only': 'encipher only',
  'Decipher Only': 'decipher only',
};

/** openssl's extended key usage names -> cert-manager words. */
export const EXT_KEY_USAGE: Record<string, string> = {
  'TLS Web Server Authentication': 'server auth',
  'TLS Web Client Authentication': 'client auth',
  'Code Signing': 'code signing',
  'E-mail Protection': 'email protection',
  'Time Stamping': 'timestamping',
  'OCSP Signing': 'ocsp signing',
};

/** openssl's CRL reason text -> RFC 5280 names. */
export const CRL_REASON: Record<string, string> = {
  Unspecified: 'unspecified',
  'Key Compromise': 'keyCompromise',
  'CA Compromise': 'cACompromise',
  'Affiliation Changed': 'affiliationChanged',
  Superseded: 'superseded',
  'Cessation Of Operation': 'cessationOfOperation',
  'Certificate Hold': 'certificateHold',
};

export function mapAll(names: unknown, table: Record<string, string>): string[] {
  return (names as string[]).map((n) => {
    const v = table[n];
    if (!v) throw new Error(`no mapping for openssl name "${n}"`);
    return v;
  });
}

/** Every fixture that has an expected/*.json, as its path under certs/. */
export function expectedFixtures(): string[] {
  return readdirSync(join(FIXTURES, 'expected'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length).replace(/__/g, '/'))
    .sort();
}

export function ok(f: FoundObject): PkiObject {
  if (!f.result.ok) throw new Error(`expected a decoded object, got: ${f.result.error}`);
  return f.result.object;
}

export function onlyObject(rel: string): PkiObject {
  const found = scanFixture(rel);
  if (found.length !== 1) throw new Error(`${rel}: expected one object, found ${found.length}`);
  return ok(found[0]);
}

export function cert(rel: string, index = 0): CertificateInfo {
  const o = scanFixture(rel).map(ok).filter((x) => x.type === 'certificate')[index];
  if (!o || o.type !== 'certificate') throw new Error(`${rel}: no certificate #${index}`);
  return o;
}

/** The base64 body of the first PEM block of a fixture, without line breaks. */
export function pemBase64(rel: string): string {
  const t = fixtureText(rel);
  const b = t.indexOf('-----\n', t.indexOf('-----BEGIN ')) + 6;
  return t.slice(b, t.indexOf('-----END', b)).replace(/\s+/g, '');
}

/** Every 16-character window of a string (for "no key material in the output" checks). */
export function windows(s: string, n = 16): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  return out;
}

/** Inventory items of fixtures, as the tree builds them (key identities completed first). */
export async function inventory(files: string[]): Promise<InventoryItem[]> {
  const out: InventoryItem[] = [];
  for (const file of files) {
    const found = scanFixture(file);
    await completeKeyIdentities(found);
    for (const f of found) {
      if (f.result.ok) out.push({ object: f.result.object, locations: [{ file, start: f.start, end: f.end, line: 0, key: f.key }] });
    }
  }
  return out;
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
