// NIST PKITS (Public Key Interoperability Test Suite, 2011 edition) against the core's path
// validation: every test outside policy and revocation processing, with the suite's trust
// anchor as the only root and all of its CA certificates as the untrusted pool (the builder
// finds each path itself). The expected verdict is in each test's name (Valid.../Invalid...).
// Data: Debian's python3-cryptography-vectors (scripts/setup.sh installs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCertificate } from '../../src/core/x509';
import { createValidator } from '../../src/core/validate';
import { nodeHasher, nodeSignatureVerifier } from '../../src/node/platform';

const PKITS = '/usr/lib/python3/dist-packages/cryptography_vectors/x509/PKITS_data/certs';
/** Every PKITS certificate is valid from 2010-01-01 to 2030-12-31 except the ones testing dates. */
const AT = new Date('2020-06-01T00:00:00Z');

/**
 * Sections skipped, with the reason; a test is in a section when its name matches. Skipped
 * tests are not counted as passes.
 */
export const SKIPPED: { section: string; reason: string; match: RegExp }[] = [
  { section: '4.4 Basic Certificate Revocation', reason: 'needs CRL processing (revocation is not checked)', match: /^(?!(Valid|Invalid)BasicSelfIssued).*(CRL|Revoked|NegativeSerialNumber|LongSerialNumber|SeparateCertificateandCRLKeys)/ },
  { section: '4.5.2, 4.5.5, 4.5.7 self-issued certificates, revoked', reason: 'invalid only because a CRL revokes a certificate', match: /^InvalidBasicSelfIssued(OldWithNewTest2|NewWithOldTest5|CRLSigningKeyTest7)$/ },
  { section: '4.7.4, 4.7.5 keyUsage cRLSign false', reason: 'invalid only because the CRL signer lacks cRLSign (CRL processing)', match: /cRLSignFalse/ },
  { section: '4.8 Certificate Policies', reason: 'policy processing is not done (as Go before 1.22 and openssl without -policy)', match: /Polic(y|ies)|CPSPointer|UserNotice/ },
  { section: '4.9 Require Explicit Policy', reason: 'policy processing', match: /requireExplicitPolicy/ },
  { section: '4.10 Policy Mappings', reason: 'policy processing', match: /PolicyMapping|MappingFromanyPolicy|MappingToanyPolicy/ },
  { section: '4.11 Inhibit Policy Mapping', reason: 'policy processing', match: /inhibitPolicyMapping/ },
  { section: '4.12 Inhibit Any Policy', reason: 'policy processing', match: /inhibitAnyPolicy/ },
  { section: '4.14 Distribution Points', reason: 'CRL processing', match: /distributionPoint|NoissuingDistributionPoint|onlyContains|onlySomeReasons|IDPwithindirectCRL|cRLIssuer/ },
  { section: '4.15 Delta-CRLs', reason: 'CRL processing', match: /deltaCRL/ },
];

/** Tests whose verdict differs, with the reason (none today: DSA parameter inheritance is supported). */
export const ACCEPTED_DIFFERENCES: Record<string, string> = {};

test('NIST PKITS: every path-validation test outside policies and revocation gets the verdict its name states', async () => {
  assert.ok(existsSync(PKITS), `${PKITS} is missing: run "bash scripts/setup.sh" (Debian package python3-cryptography-vectors)`);
  const files = readdirSync(PKITS).filter((f) => f.endsWith('.crt'));
  const load = (f: string) => decodeCertificate(new Uint8Array(readFileSync(join(PKITS, f))), nodeHasher);
  const anchor = load('TrustAnchorRootCertificate.crt');
  const pool = files.filter((f) => !/EE\d*\.crt$/.test(f) && f !== 'TrustAnchorRootCertificate.crt').map(load);
  const validate = createValidator({ anchors: [anchor], intermediates: pool, verify: nodeSignatureVerifier });
  const tests = files.filter((f) => /^(Valid|Invalid).*Test\d+EE\.crt$/.test(f)).map((f) => f.replace(/EE\.crt$/, ''));
  let passed = 0;
  const skipped: string[] = [];
  const wrong: string[] = [];
  const accepted: string[] = [];
  for (const name of tests) {
    if (SKIPPED.some((s) => s.match.test(name))) { skipped.push(name); continue; }
    const r = await validate(load(name + 'EE.crt'), { at: AT });
    const expected = name.startsWith('Valid');
    if (r.valid === expected) passed++;
    else if (ACCEPTED_DIFFERENCES[name]) accepted.push(name);
    else wrong.push(`${name}: expected ${expected ? 'valid' : 'invalid'}, got ${r.valid ? 'valid' : r.errors.map((e) => `${e.code} at ${e.depth}: ${e.message}`).join('; ')}`);
  }
  if (process.env.PKITS_LIST) console.log(tests.filter((t) => !skipped.includes(t)).join('\n'));
  console.log(`PKITS: ${passed} of ${tests.length - skipped.length} run pass, ${accepted.length} accepted differences (${accepted.join(', ')}), ${skipped.length} skipped (policies, revocation)`);
  assert.deepEqual(wrong, []);
  assert.equal(passed + accepted.length, tests.length - skipped.length);
  assert.ok(passed >= 80, `only ${passed} tests ran and passed`);
});
