// A workspace shaped like the seeds' mTLS guides (test/fixtures/lint/corpus-pki-trust/: openssl
// scripts, HashiCorp's Vault PKI tutorial, cert-manager's Vault issuer, trust-manager), where the
// roots are made outside cert-manager (#17 part 2, lane t17o). Right setups are silent, the
// seed's per-service script (names in $1) gives nothing, and the two planted mistakes are found on
// the client side, naming the missing root: exactly these findings, and no other error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { lintTexts, type LintFinding } from '../../src/core/lint/index';
import { FIXTURES, readFolder } from './helpers';

type Input = { path: string; text: string };
const files: Input[] = readFolder(join(FIXTURES, 'lint'), 'corpus-pki-trust');
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const show = (f: LintFinding) => { const text = files.find((x) => x.path === f.file)!.text; return `${f.file}:${lineOf(text, f.start)} ${f.severity} ${f.code} ${JSON.stringify(text.slice(f.start, f.end))}`; };

test('corpus-pki-trust: exactly the two planted trust-root-missing errors, on the clients, naming the missing roots', () => {
  assert.ok(files.length >= 8, 'the corpus is read');
  const findings = lintTexts(files);
  const errors = findings.filter((f) => f.severity === 'error');
  assert.deepEqual(errors.map(show), [
    'corpus-pki-trust/k8s/legacy/legacy-client.yaml:20 error trust-root-missing "https://inventory.shop.svc:8443"',
    'corpus-pki-trust/k8s/reports/reports.yaml:18 error trust-root-missing "https://payments.payments.svc:8443"',
  ]);
  const [legacy, reports] = errors;
  assert.match(legacy.message, /chaining to the root "Example Internal Root CA" that openssl makes in corpus-pki-trust\/scripts\/setup-ca\.sh line 7, but this container trusts only SSL_CERT_FILE=\/etc\/trust\/ca-bundle\.crt \(ConfigMap "shop-trust" key ca-bundle\.crt: the root "Example Legacy Root CA" that openssl makes in corpus-pki-trust\/scripts\/setup-ca\.sh line 42\)/);
  assert.match(reports.message, /whose pods serve Certificate "payments" chaining to Vault mount pki's root "example\.com", but this container trusts only REQUESTS_CA_BUNDLE=\/etc\/tls\/ca\.crt \(Secret "billing-tls" key ca\.crt: the root "Example Internal Root CA" that openssl makes in corpus-pki-trust\/scripts\/setup-ca\.sh line 7\)/);
  assert.ok(reports.related?.some((r) => r.file === 'corpus-pki-trust/vault/setup-pki.sh' && r.line === 7) /* 0-based: common_name on line 8 */, JSON.stringify(reports.related));
});

test('corpus-pki-trust: the right setups are proved, not skipped: billing (one script, one CA) is silent, and trusting the legacy root instead is reported', () => {
  const billing = (f: LintFinding) => f.code === 'trust-root-missing' && f.file.endsWith('billing.yaml');
  assert.deepEqual(lintTexts(files).filter(billing), []);
  const swapped = files.map((f) => (f.path.endsWith('setup-ca.sh') ? { path: f.path, text: f.text.replace('--from-file=tls.key=billing.key \\\n  --from-file=ca.crt=ca.crt', '--from-file=tls.key=billing.key \\\n  --from-file=ca.crt=legacy-ca.crt') } : f));
  assert.notEqual(swapped, files);
  // legacy-ca.crt is written after the billing Secret is made: not the file it loads (unknown, silent).
  assert.deepEqual(lintTexts(swapped).filter(billing), []);
  const moved = swapped.map((f) => (f.path.endsWith('setup-ca.sh') ? { path: f.path, text: f.text.replace('# billing: a client of inventory\n', '# billing: a client of inventory\nopenssl req -x509 -newkey rsa:2048 -nodes -keyout legacy.key -out legacy-ca.crt -days 3650 -subj "/CN=Example Legacy Root CA"\n') } : f));
  assert.equal(lintTexts(moved).filter(billing).length, 1);
});
