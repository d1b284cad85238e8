// The PKI readers and rules (issue 14): Vault role semantics from Vault's documentation (a table of
// cases), the shell/openssl/Terraform readers, a role/Issuer/Certificate chain across three files,
// hovers, the examples/vault and examples/openssl showcases, and a realistic corpus with no findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { lintTexts, Workspace, type LintFinding } from '../../src/core/lint/index';
import { parseOpensslConf, sanItems } from '../../src/core/lint/openssl-conf';
import { hoverAt } from '../../src/core/lint/features';
import { pkiModel } from '../../src/core/lint/pki-model';
import { pkiHoverAt } from '../../src/core/lint/rules/pki';
import { parseScript } from '../../src/core/lint/shell';
import { keyProblem, roleAdmitsIp, roleAdmitsName, roleAdmitsUri, vaultTtl, type RoleFields, type RoleValue } from '../../src/core/lint/vault';
import { summaryOf } from '../../src/core/lint/workspace';
import { walkRespectingGitignore } from '../../src/node/gitignore';
import { ROOT } from './helpers';
import { checkoutScript, DIALER, selfSigned, SERVED, VAULT_ISSUER, vaultCert } from './lint-pki-cases';

/** A role from `k=v` pairs as `vault write .../roles/x` gives them. */
function role(spec: string): RoleFields {
  const m = new Map<string, RoleValue>();
  for (const kv of spec.split(/\s+/).filter(Boolean)) {
    const eq = kv.indexOf('=');
    m.set(kv.slice(0, eq), { value: kv.slice(eq + 1), unknown: kv.includes('$'), start: 0, end: 0 });
  }
  return m;
}

const verdict = (v: ReturnType<typeof roleAdmitsName>) => ('unknown' in v ? 'unknown' : v.ok ? 'allowed' : 'denied');

// Each row: the role, the name requested, Vault's answer. From Vault's PKI API docs ("Create/Update
// role": allowed_domains, allow_bare_domains, allow_subdomains, allow_glob_domains, allow_any_name,
// allow_localhost, enforce_hostnames, allow_wildcard_certificates) and the PKI setup guide.
const NAME_CASES: Array<[string, string, 'allowed' | 'denied' | 'unknown']> = [
  ['allowed_domains=example.com allow_subdomains=true', 'foo.example.com', 'allowed'],
  ['allowed_domains=example.com allow_subdomains=true', 'a.b.example.com', 'allowed'],
  ['allowed_domains=example.com allow_subdomains=true', 'example.com', 'denied'],
  ['allowed_domains=example.com allow_subdomains=true', '*.example.com', 'allowed'],
  ['allowed_domains=example.com allow_subdomains=true', 'badexample.com', 'denied'],
  ['allowed_domains=example.com allow_subdomains=true', 'Foo.Example.COM', 'allowed'],
  ['allowed_domains=example.com allow_bare_domains=true', 'example.com', 'allowed'],
  ['allowed_domains=example.com allow_bare_domains=true', 'foo.example.com', 'denied'],
  ['allowed_domains=example.com allow_bare_domains=true', '*.example.com', 'denied'],
  ['allowed_domains=example.com,internal allow_bare_domains=true allow_subdomains=true', 'internal', 'allowed'],
  ['allowed_domains=example.com,internal allow_bare_domains=true allow_subdomains=true', 'db.internal', 'allowed'],
  ['allowed_domains=*.example.com allow_glob_domains=true', 'foo.example.com', 'allowed'],
  ['allowed_domains=*.example.com allow_glob_domains=true', 'a.b.example.com', 'allowed'],
  ['allowed_domains=*.example.com allow_glob_domains=true', 'example.com', 'denied'],
  ['allowed_domains=foo-*.example.com allow_glob_domains=true', 'foo-1.example.com', 'allowed'],
  ['allowed_domains=foo-*.example.com allow_glob_domains=true', 'bar.example.com', 'denied'],
  ['allowed_domains=*.example.com', 'foo.example.com', 'denied'],
  ['allow_any_name=true', 'anything.at.all', 'allowed'],
  ['allow_any_name=true', 'not a host', 'denied'],
  ['allow_any_name=true enforce_hostnames=false', 'not a host', 'allowed'],
  ['allowed_domains=example.com allow_subdomains=true', 'under_score.example.com', 'denied'],
  ['allowed_domains=example.com allow_subdomains=true enforce_hostnames=false', 'under_score.example.com', 'allowed'],
  ['', 'localhost', 'allowed'],
  ['allow_localhost=false', 'localhost', 'denied'],
  ['', 'orders', 'denied'],
  ['allowed_domains=example.com allow_subdomains=true allow_wildcard_certificates=false', '*.example.com', 'denied'],
  ['allowed_domains=svc.cluster.local,internal allow_subdomains=true', 'payment-service', 'denied'],
  ['allowed_domains=svc.cluster.local,internal allow_subdomains=true', 'payment-service.default.svc.cluster.local', 'allowed'],
  ['allowed_domains=$DOMAIN allow_subdomains=true', 'foo.example.com', 'unknown'],
  ['allowed_domains={{identity.entity.name}}.example.com allow_bare_domains=true', 'alice.example.com', 'unknown'],
];

for (const [spec, name, want] of NAME_CASES) {
  test(`Vault role [${spec || 'defaults'}] ${want === 'allowed' ? 'admits' : want === 'denied' ? 'refuses' : 'cannot say about'} "${name}"`, () => {
    assert.equal(verdict(roleAdmitsName(role(spec), name)), want);
  });
}

test('Vault role: IP SANs (allow_ip_sans, default on), URI SANs (allowed_uri_sans globs, none by default)', () => {
  assert.equal(verdict(roleAdmitsIp(role(''))), 'allowed');
  assert.equal(verdict(roleAdmitsIp(role('allow_ip_sans=false'))), 'denied');
  assert.equal(verdict(roleAdmitsUri(role(''), 'spiffe://cluster.local/ns/a/sa/b')), 'denied');
  assert.equal(verdict(roleAdmitsUri(role('allowed_uri_sans=spiffe://cluster.local/*'), 'spiffe://cluster.local/ns/a/sa/b')), 'allowed');
  assert.equal(verdict(roleAdmitsUri(role('allowed_uri_sans=spiffe://other/*'), 'spiffe://cluster.local/ns/a/sa/b')), 'denied');
});

test('Vault role: key_type/key_bits against the CSR key (rsa 2048 by default; bits are a minimum; any)', () => {
  assert.equal(keyProblem(role(''), 'RSA', undefined), undefined);
  assert.equal(keyProblem(role(''), 'RSA', 4096), undefined);
  assert.match(keyProblem(role(''), 'ECDSA', 256)!, /key_type is rsa/);
  assert.equal(keyProblem(role('key_type=ec'), 'ECDSA', undefined), undefined);
  assert.match(keyProblem(role('key_type=ec key_bits=384'), 'ECDSA', 256)!, /at least 384/);
  assert.equal(keyProblem(role('key_type=any'), 'Ed25519', undefined), undefined);
  assert.match(keyProblem(role('key_bits=4096'), 'RSA', 2048)!, /at least 4096/);
});

test('Vault TTLs: seconds, Go durations and days', () => {
  assert.equal(vaultTtl('86400'), 86_400_000);
  assert.equal(vaultTtl('24h'), 86_400_000);
  assert.equal(vaultTtl('30d'), 30 * 86_400_000);
  assert.equal(vaultTtl('1h30m'), 5_400_000);
  assert.equal(vaultTtl('soon'), undefined);
});

// ---- readers ---------------------------------------------------------------------------------

test('shell reader: plain variables followed, anything else unknown; heredocs with their target', () => {
  const text = [
    'SERVICE=orders', 'NS=prod', 'CN="${SERVICE}.${NS}.svc"', 'ARG=$1', 'TWICE=a', 'TWICE=b', 'for L in x y; do echo $L; done',
    'openssl req -new -subj "/CN=$CN" -out "$SERVICE.csr" \\', '  -addext "subjectAltName=DNS:${CN},DNS:$ARG,DNS:$TWICE,DNS:$L"',
    "cat > $SERVICE.ext <<'EOF'", 'DNS.1 = $SERVICE', 'EOF', 'echo done',
  ].join('\n');
  const s = parseScript(text);
  assert.deepEqual([...s.vars], [['SERVICE', 'orders'], ['NS', 'prod'], ['CN', 'orders.prod.svc']]);
  const req = s.commands.find((c) => c.words[0]?.value === 'openssl')!;
  assert.deepEqual(req.words.map((w) => [w.value, w.unknown]), [
    ['openssl', false], ['req', false], ['-new', false], ['-subj', false], ['/CN=orders.prod.svc', false], ['-out', false], ['orders.csr', false],
    ['-addext', false], ['subjectAltName=DNS:orders.prod.svc,DNS:?,DNS:?,DNS:?', true],
  ]);
  // Every character maps back: "orders" of -out comes from `$SERVICE`.
  const out = req.words[6];
  assert.equal(text.slice(out.from[0], out.to[0]), '$SERVICE');
  assert.equal(s.heredocs.length, 1);
  assert.equal(s.heredocs[0].target?.value, 'orders.ext');
  assert.equal(s.heredocs[0].body, 'DNS.1 = $SERVICE\n');
  assert.equal(text.slice(s.heredocs[0].start, s.heredocs[0].start + 5), 'DNS.1');
  assert.ok(s.commands.some((c) => c.words[0]?.value === 'echo' && c.words[1]?.value === 'done'), 'commands after the heredoc are read');
});

test('shell reader: hostile input (unterminated quotes and heredocs, deep $(), long lines, variable chains) returns', () => {
  const inputs = [
    '"'.repeat(100_000), "cat <<EOF\n" + 'x\n'.repeat(50_000), '$('.repeat(50_000), 'openssl req ' + '-subj x '.repeat(50_000),
    Array.from({ length: 5000 }, (_, i) => `V${i + 1}=$V${i}`).join('\n'), "'".repeat(3) + '\\',
  ];
  for (const text of inputs) {
    const s = parseScript(text);
    assert.ok(Array.isArray(s.commands));
    assert.ok(Array.isArray(lintTexts([{ path: 'x.sh', text }])));
  }
});

test('openssl config reader: sections, @alt_names items with offsets, $variables unknown', () => {
  const text = '[ req ]\ndefault_md = sha256 # comment\n[v3]\nsubjectAltName = DNS:a, @alt\n[alt]\nDNS.1 = b\nIP.1 = $ENV::IP\n';
  const conf = parseOpensslConf(text);
  assert.deepEqual([...conf.sections.keys()], ['', 'req', 'v3', 'alt']);
  assert.equal(conf.sections.get('req')!.entries[0].value, 'sha256');
  const san = conf.sections.get('v3')!.entries[0];
  const { items } = sanItems(conf, san);
  assert.deepEqual(items.map((i) => [i.type, i.value, text.slice(i.start, i.end), i.unknown]), [['DNS', 'a', 'a', false], ['DNS', 'b', 'b', false], ['IP', '$ENV::IP', '$ENV::IP', true]]);
});

const TF_ROLE = `resource "vault_mount" "pki_int" {
  path                  = "pki_int"
  type                  = "pki"
  max_lease_ttl_seconds = 2592000
}

resource "vault_pki_secret_backend_role" "services" {
  backend          = vault_mount.pki_int.path
  name             = "services"
  allowed_domains  = ["svc.cluster.local"]
  allow_subdomains = true
  require_cn       = false
  max_ttl          = "86400"
}
`;

test('Terraform: the role reads its mount through vault_mount.<name>.path; max_ttl in seconds caps duration', () => {
  const files = [{ path: 'tf/pki.tf', text: TF_ROLE }, { path: 'k8s/issuer.yaml', text: VAULT_ISSUER }, { path: 'k8s/cert.yaml', text: vaultCert('  duration: 720h\n  dnsNames:\n    - orders.prod.svc.cluster.local\n') }];
  const ws = new Workspace(files);
  const m = pkiModel(ws);
  assert.deepEqual(m.roles.map((r) => [r.mount, r.name, r.source]), [['pki_int', 'services', 'terraform']]);
  assert.deepEqual(m.mounts.map((x) => [x.path, x.maxLeaseTtl?.value]), [['pki_int', 2592000]]);
  const findings = lintTexts(files).filter((f) => f.severity !== 'info');
  assert.deepEqual(findings.map((f) => [f.file, f.code, files.find((x) => x.path === f.file)!.text.slice(f.start, f.end)]), [['k8s/cert.yaml', 'vault-ttl-exceeds-max', '720h']]);
  assert.match(findings[0].message, /max_ttl 1 day/);
});

test('a role/Issuer/Certificate chain across three files: each finding names the role and the issuer', () => {
  const files = [
    { path: 'vault/setup.sh', text: '#!/bin/sh\nvault secrets enable -path=pki_int pki\nvault write pki_int/roles/services allowed_domains=svc.cluster.local allow_subdomains=true max_ttl=24h client_flag=false\n' },
    { path: 'k8s/issuer.yaml', text: VAULT_ISSUER },
    { path: 'k8s/cert.yaml', text: vaultCert('  duration: 72h\n  renewBefore: 36h\n  dnsNames:\n    - orders\n    - orders.prod.svc.cluster.local\n  usages:\n    - server auth\n    - client auth\n') },
  ];
  const findings = lintTexts(files);
  const text = (f: LintFinding) => files.find((x) => x.path === f.file)!.text.slice(f.start, f.end);
  assert.deepEqual(findings.map((f) => `${f.file} ${f.code} ${text(f)}`), [
    'k8s/cert.yaml vault-require-cn vault',
    'k8s/cert.yaml vault-ttl-exceeds-max 72h',
    'k8s/cert.yaml vault-renew-before-exceeds-ttl 36h',
    'k8s/cert.yaml vault-role-denies-name orders',
    'k8s/cert.yaml vault-client-flag-missing client auth',
  ]);
  for (const f of findings) {
    assert.deepEqual(f.related?.map((r) => [r.file, r.line, r.message]), [['vault/setup.sh', 2, 'The Vault role pki_int/roles/services'], ['k8s/issuer.yaml', 7, 'ClusterIssuer vault signs through it']]);
  }
});

test('hovers: a role line shows what it admits, its real TTL and who uses it; an extension line what it means', () => {
  const files = [
    { path: 'vault/setup.sh', text: '#!/bin/sh\nvault secrets tune -max-lease-ttl=720h pki_int\nvault write pki_int/roles/services \\\n  allowed_domains=svc.cluster.local allow_subdomains=true require_cn=false\n' },
    { path: 'k8s/issuer.yaml', text: VAULT_ISSUER },
    { path: 'k8s/cert.yaml', text: vaultCert('  dnsNames:\n    - orders.prod.svc.cluster.local\n') },
    { path: 'certs/web.ext', text: 'basicConstraints = CA:FALSE\nnsCertType = server\n' },
  ];
  const ws = new Workspace(files);
  const hover = pkiHoverAt(ws, 'vault/setup.sh', files[0].text.indexOf('allow_subdomains'))!;
  assert.match(hover, /Vault role `pki_int\/roles\/services`/);
  assert.match(hover, /any name below svc\.cluster\.local \(allow_subdomains\)/);
  assert.match(hover, /Longest certificate: 30 days \(the max lease TTL of mount pki_int/);
  assert.match(hover, /Common name required: no/);
  assert.match(hover, /Certificate `prod\/orders` \(ClusterIssuer `vault`, `k8s\/cert\.yaml`\)/);
  assert.match(pkiHoverAt(ws, 'certs/web.ext', 3)!, /whether the certificate is a CA/);
  assert.match(pkiHoverAt(ws, 'certs/web.ext', files[3].text.indexOf('nsCertType') + 2)!, /obsolete Netscape extension/);
  assert.equal(pkiHoverAt(ws, 'vault/setup.sh', 0), undefined);
  // On the Issuer's vault.path (YAML hovers): the role and the Certificates signed through it.
  const issuerFile = ws.files.get('k8s/issuer.yaml')!;
  const onPath = hoverAt(ws, issuerFile, files[1].text.indexOf('pki_int/sign') + 3)!;
  assert.match(onPath, /Vault role `pki_int\/roles\/services`/);
  assert.match(onPath, /Defined in `vault\/setup\.sh`/);
  assert.match(onPath, /- Certificate `prod\/orders` \(`k8s\/cert\.yaml`\)/);
});

// ---- corpora -----------------------------------------------------------------------------------

const LINTED = /\.(ya?ml|sh|bash|conf|hcl|cnf|ext|tf|tmpl|ctmpl)$/i;
function read(dir: string) {
  return walkRespectingGitignore(join(ROOT, dir), (f) => LINTED.test(f)).map((p) => ({ path: relative(ROOT, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
}
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const describe = (files: Array<{ path: string; text: string }>, fs: LintFinding[]) => fs.map((f) => `${f.file}:${lineOf(files.find((x) => x.path === f.file)!.text, f.start)} ${f.code}`);

test('openssl-made certificates in the cross-file rules: every finding, its place, its related objects, no edit of a script', () => {
  const files = [
    checkoutScript('serverAuth'),
    selfSigned('-addext "subjectAltName=DNS:orders,DNS:orders.prod,DNS:orders.prod.svc" -addext "extendedKeyUsage=clientAuth"'),
    { path: 'k8s/orders.yaml', text: SERVED },
    { path: 'k8s/checkout.yaml', text: DIALER },
  ];
  const findings = lintTexts(files).filter((f) => !f.code.startsWith('openssl-'));
  const text = (f: { file: string; start: number; end: number }) => files.find((x) => x.path === f.file)!.text.slice(f.start, f.end);
  assert.deepEqual(findings.map((f) => `${f.file}:${f.line! + 1}:${f.column! + 1} ${f.code} ${text(f)}`).sort(), [
    'k8s/checkout.yaml:20:22 san-dialed-host https://orders.prod.svc.cluster.local:8443',
    'scripts/checkout.sh:4:20 usage-client-auth-missing serverAuth',
    'scripts/orders.sh:2:205 usage-server-auth-missing clientAuth',
    'scripts/orders.sh:3:45 san-service-coverage orders.crt',
  ]);
  const by = (code: string) => findings.find((f) => f.code === code)!;
  assert.match(by('san-service-coverage').message, /^Service "orders" \(k8s\/orders\.yaml\) sends traffic to pods that serve the certificate openssl req makes for Secret "orders-tls" \(scripts\/orders\.sh line 2\), but its subjectAltName does not cover "orders\.prod\.svc\.cluster\.local"/);
  assert.match(by('usage-client-auth-missing').message, /^Deployment "checkout" presents the certificate openssl x509 makes for Secret "checkout-tls" \(scripts\/checkout\.sh line 7\) as a TLS client \(it dials https URLs\), but its extendedKeyUsage lacks clientAuth/);
  assert.match(by('san-dialed-host').message, /whose pods serve the certificate openssl req makes for Secret "orders-tls" \(scripts\/orders\.sh line 2\): Go would fail with .*valid for orders, orders\.prod, orders\.prod\.svc, not orders\.prod\.svc\.cluster\.local.*Add "orders\.prod\.svc\.cluster\.local" to its subjectAltName/);
  // Related: the Service, the workload, the kubectl line naming the Secret.
  assert.deepEqual(by("san-service-coverage").related?.map((r) => `${r.file}:${r.line + 1} ${r.message}`), ['k8s/orders.yaml:4 Service "orders" in namespace prod sends traffic to the pods that serve this certificate']);
  assert.deepEqual(by('san-dialed-host').related?.map((r) => `${r.file}:${r.line + 1}`), ['scripts/orders.sh:3', 'k8s/orders.yaml:4']);
  // No quick fix edits a script (its names may come from a config file).
  assert.deepEqual(findings.filter((f) => f.fixes?.length).map((f) => f.code), []);
});

test('script certificates at scale: 2,000 openssl/kubectl pairs writing the same file each pair with the openssl line before it', () => {
  const pairs = Array.from({ length: 2000 }, (_, i) => `openssl req -x509 -newkey rsa:2048 -nodes -keyout k -out orders.crt -subj "/CN=o" -addext "subjectAltName=DNS:orders-${i}"\nkubectl create secret tls orders-tls --cert=orders.crt --key=k -n prod\n`).join('');
  const files = [{ path: 'scripts/many.sh', text: `#!/bin/sh\n${pairs}` }, { path: 'k8s/orders.yaml', text: SERVED }];
  const found = lintTexts(files).filter((f) => f.code === 'san-service-coverage');
  assert.equal(found.length, 2000);
  // Each kubectl line gets the certificate of the openssl line just before it.
  assert.match(found[1999].message, /valid for orders-1999, not orders"/);
});

test('realistic corpus (variable-heavy scripts, a Terraform module with for_each/dynamic/locals, Vault Agent and injector templates): no findings', () => {
  const files = read('test/fixtures/pki-corpus');
  const ws = new Workspace(files);
  const m = pkiModel(ws);
  // The corpus is read, not skipped: roles, mounts, requests, openssl commands and configs.
  assert.deepEqual(m.roles.map((r) => `${r.mount}/${r.name}`).sort(), ['pki_int/web', 'pki_mesh/mesh']);
  assert.ok(m.requests.length >= 5 && m.openssl.length >= 17 && m.confs.length === 8 && m.tf.length >= 8, JSON.stringify({ r: m.requests.length, o: m.openssl.length, c: m.confs.length, t: m.tf.length }));
  // The blog-post script's heredoc is read through its plain variables; the others' stay unknown.
  const altNames = (path: string) => m.confs.filter((c) => c.file.path.endsWith(path)).flatMap((c) => c.conf.sections.get('alt_names')?.entries ?? []).map((e) => (e.unknown ? `?${e.value}` : e.value));
  assert.deepEqual(altNames('vars/mtls-tutorial.sh'), ['payments', 'payments.default', 'payments.default.svc', 'payments.default.svc.cluster.local', 'localhost', '127.0.0.1']);
  assert.deepEqual(altNames('vars/webhook-create-signed-cert.sh'), ['?${service}', '?${service}.${namespace}', '?${service}.${namespace}.svc']);
  assert.deepEqual(altNames('scripts/gen-certs.sh'), ['kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', '?${MASTER_IP}', '10.96.0.1']);
  // Its certificate is Secret payments-tls's, and covers the Service: read, and right.
  const payments = ws.certificatesForKey('default/payments-tls');
  assert.equal(payments.length, 1);
  assert.deepEqual(summaryOf(payments[0]).dns?.map((d) => d.value), ['payments', 'payments.default', 'payments.default.svc', 'payments.default.svc.cluster.local', 'localhost']);
  assert.deepEqual(describe(files, lintTexts(files)), []);
});

// ---- examples/vault and examples/openssl: each rule shown, and nothing else ----------------------

/**
 * What a careful reviewer finds, and why (examples/vault/README.md and examples/openssl/README.md say
 * the same in words): every finding is a real mistake of the file, every PKI rule appears once at least.
 */
const SHOWCASE = [
  'examples/openssl/make-certs.sh:10 openssl-weak-key',
  'examples/openssl/make-certs.sh:18 openssl-san-syntax',
  'examples/openssl/make-certs.sh:19 openssl-cn-only',
  'examples/openssl/make-certs.sh:20 openssl-leaf-outlives-ca',
  'examples/openssl/make-certs.sh:20 openssl-weak-digest',
  'examples/openssl/make-certs.sh:27 san-service-coverage',
  'examples/openssl/openssl.cnf:3 openssl-weak-key',
  'examples/openssl/openssl.cnf:4 openssl-weak-digest',
  'examples/openssl/server.ext:2 openssl-leaf-is-ca',
  'examples/openssl/server.ext:3 openssl-obsolete-extension',
  'examples/openssl/server.ext:10 openssl-san-syntax',
  'examples/openssl/server.ext:12 openssl-san-syntax',
  'examples/openssl/tls.tf:3 openssl-weak-key',
  'examples/openssl/tls.tf:9 openssl-cn-only',
  'examples/vault/agent/tls.tmpl:1 vault-role-denies-name',
  'examples/vault/dev-root.sh:9 vault-ttl-exceeds-ca',
  'examples/vault/k8s/certificates.yaml:10 vault-ttl-exceeds-max',
  'examples/vault/k8s/certificates.yaml:11 vault-renew-before-exceeds-ttl',
  'examples/vault/k8s/certificates.yaml:13 vault-role-denies-name',
  'examples/vault/k8s/certificates.yaml:33 vault-key-type-mismatch',
  'examples/vault/k8s/certificates.yaml:54 vault-client-flag-missing',
  'examples/vault/k8s/certificates.yaml:72 vault-server-flag-missing',
  'examples/vault/k8s/certificates.yaml:74 vault-require-cn',
  'examples/vault/setup.sh:28 vault-ttl-exceeds-max',
  'examples/vault/setup.sh:33 vault-role-denies-name',
  'examples/vault/setup.sh:34 vault-ttl-exceeds-max',
];

test('examples/vault and examples/openssl: exactly the findings a reviewer agrees with, every PKI rule shown', () => {
  const files = [...read('examples/openssl'), ...read('examples/vault')];
  const got = describe(files, lintTexts(files));
  assert.deepEqual(got, SHOWCASE);
  const codes = new Set(SHOWCASE.map((s) => s.split(' ')[1]));
  const pkiCodes = ['openssl-weak-key', 'openssl-weak-digest', 'openssl-leaf-is-ca', 'openssl-cn-only', 'openssl-san-syntax', 'openssl-obsolete-extension', 'openssl-leaf-outlives-ca',
    'vault-role-denies-name', 'vault-require-cn', 'vault-ttl-exceeds-max', 'vault-renew-before-exceeds-ttl', 'vault-client-flag-missing', 'vault-server-flag-missing', 'vault-key-type-mismatch', 'vault-ttl-exceeds-ca'];
  assert.deepEqual(pkiCodes.filter((c) => !codes.has(c)), []);
});
