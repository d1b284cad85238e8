// The rule registry (src/core/lint/registry.ts) is the one source of LINT_RULES, the hovers on
// findings, the severities the editor and the CLI show, and the README's rule table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJsonFindings, toSarif } from '../../src/cli/lint';
import { hoverAt } from '../../src/core/lint/features';
import { lintTexts, LINT_RULES, type LintFinding } from '../../src/core/lint/index';
import { CHECKS, OBJECT_CHECKS, RULES, ruleHover, rulesTable } from '../../src/core/lint/registry';
import { shownSeverity } from '../../src/core/lint/severity';
import { Workspace } from '../../src/core/lint/workspace';
import { ROOT } from './helpers';

/** The finding codes of the first release: frozen (codes are added, never renamed or removed). */
const FROZEN = `yaml-syntax secret-name-required secret-name-invalid issuer-ref-required issuer-kind-invalid no-identity
  common-name-too-long dns-name-invalid ip-invalid email-invalid literal-subject-conflict key-algorithm-invalid key-size-invalid
  key-encoding-invalid rotation-policy-invalid signature-algorithm-mismatch duration-syntax duration-too-short renew-before-too-short
  renew-before-not-below-duration renew-before-exclusive renew-percentage-range usage-invalid usage-key-encipherment-ecdsa usage-ca-leaf
  usage-ca-cert-sign usage-server-auth-missing usage-client-auth-missing revision-history-limit secret-template-annotation
  name-constraints-not-ca keystore-password output-format-duplicate issuer-type-count issuer-ca-secret-required issuer-acme-fields
  issuer-vault-fields request-required issuer-not-found issuer-kind-mismatch issuer-namespace-mismatch ca-secret-not-ca
  ca-secret-not-produced secret-not-produced secret-items-key san-service-coverage san-dialed-host bundle-sources bundle-target
  csi-attribute spiffe-id-invalid spiffe-trust-domain-mismatch spiffe-outside-trust-domain spire-svid-ttl hcl-syntax istio-principal
  duplicate-object istio-mtls-mode`.split(/\s+/);

/** Severities decided in issue 12 (what the real system does): see each rule's `why`. */
const DECIDED: Record<string, string> = {
  'istio-principal': 'warning', 'istio-principal-empty': 'error', 'ca-secret-not-produced': 'info', 'issuer-not-found': 'info',
  'issuer-kind-mismatch': 'warning', 'issuer-namespace-mismatch': 'warning', 'csi-attribute': 'error', 'csi-attribute-unknown': 'warning',
  'istio-mtls-mode': 'error', 'spire-svid-ttl': 'warning', 'duration-syntax': 'error', 'usage-ca-cert-sign': 'info',
};

test('registry: every frozen code is still a rule, codes are unique, LINT_RULES is the registry', () => {
  const codes = RULES.map((r) => r.code);
  assert.deepEqual(FROZEN.filter((c) => !codes.includes(c)), []);
  assert.equal(new Set(codes).size, codes.length, 'unique codes');
  assert.deepEqual(Object.keys(LINT_RULES).sort(), [...codes].sort());
  for (const [code, severity] of Object.entries(DECIDED)) assert.equal(LINT_RULES[code].severity, severity, code);
  // No lint rule is a hint any more: the editor and the CLI show one severity per code.
  assert.deepEqual(RULES.filter((r) => !['error', 'warning', 'info'].includes(r.severity)).map((r) => r.code), []);
});

test('registry: every check is used by a rule, and every object check runs from the registry', () => {
  const used = new Set(RULES.flatMap((r) => r.checks));
  assert.deepEqual(Object.keys(CHECKS).filter((c) => !used.has(c as keyof typeof CHECKS)), []);
  assert.equal(OBJECT_CHECKS.length, Object.values(CHECKS).filter((c) => c.scope === 'object').length);
});

test('registry: the README rule table is generated from it (node scripts/rules-table.mjs)', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = '<!-- rules-table:start -->\n', end = '\n<!-- rules-table:end -->';
  const s = readme.indexOf(start), e = readme.indexOf(end);
  assert.ok(s >= 0 && e > s, 'README.md has the rule table markers');
  assert.equal(readme.slice(s + start.length, e), rulesTable(), 'README.md rule table is out of date: run node scripts/rules-table.mjs');
  for (const r of RULES) assert.ok(rulesTable().includes(`<a id="rule-${r.code}"></a>\`${r.code}\` | ${r.severity} |`), r.code);
});

// One row per code: the CLI's JSON and SARIF and the editor show the same severity.
const EDITOR_LEVEL = { error: 'Error', warning: 'Warning', info: 'Information' } as const;
const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
for (const r of RULES) {
  test(`severity: ${r.code} is ${r.severity} in the editor, the CLI's text/JSON and SARIF`, () => {
    const finding: LintFinding = { file: 'a.yaml', start: 0, end: 1, severity: LINT_RULES[r.code].severity, code: r.code, message: 'm' };
    const shown = shownSeverity(finding.severity);
    assert.equal(shown, r.severity);
    const [json] = toJsonFindings([finding], (p) => p);
    assert.equal(json.severity, r.severity);
    const sarif = toSarif([json]) as { runs: Array<{ results: Array<{ level: string }>; tool: { driver: { rules: Array<{ defaultConfiguration: { level: string } }> } } }> };
    assert.equal(sarif.runs[0].results[0].level, SARIF_LEVEL[r.severity]);
    assert.equal(sarif.runs[0].tool.driver.rules[0].defaultConfiguration.level, SARIF_LEVEL[r.severity]);
    // The editor maps the shown severity by name (src/vscode/lint.ts): the same three names.
    assert.ok(EDITOR_LEVEL[shown]);
  });
}

test('severity: hint (no rule uses it) shows as info in the editor and the CLI alike', () => {
  assert.equal(shownSeverity('hint'), 'info');
  const [json] = toJsonFindings([{ file: 'a.yaml', start: 0, end: 0, severity: 'hint', code: 'x', message: 'm' }], (p) => p);
  assert.equal(json.severity, 'info');
});

test('hover on a finding: the rule summary, the explanation, what to do and why the severity', () => {
  const text = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\nspec:\n  secretName: web-tls\n  dnsNames: [web]\n  issuerRef:\n    name: ca\n    kind: ClusterIssuer\n  duration: 90d\n';
  const findings = lintTexts([{ path: 'c.yaml', text }]).filter((f) => f.code === 'duration-syntax');
  assert.equal(findings.length, 1);
  const ws = new Workspace([{ path: 'c.yaml', text }]);
  const hover = hoverAt(ws, ws.files.get('c.yaml')!, text.indexOf('90d') + 1, findings)!;
  const rule = RULES.find((r) => r.code === 'duration-syntax')!;
  assert.ok(hover.includes(ruleHover('duration-syntax')!), hover);
  for (const part of [rule.summary, rule.details, rule.action, rule.why]) assert.ok(hover.includes(part), part);
  assert.equal(ruleHover('no-such-rule'), undefined);
});
