// `certwright vault-setup` / "Generate Vault PKI Setup": the vault commands and the Terraform lint
// clean together with the Issuer and Certificates for every Service, and the role they make admits
// exactly the Services' names (checked with the role semantics of Vault's docs, as `vault` is not
// installed here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vaultSetup, vaultSetupProblem } from '../../src/core/author/vault-setup';
import { lintTexts, Workspace } from '../../src/core/lint/index';
import { pkiModel } from '../../src/core/lint/pki-model';
import { roleAdmitsName, roleBool } from '../../src/core/lint/vault';
import { main } from '../../src/cli/main';

const SERVICES = [{ name: 'orders', namespace: 'prod' }, { name: 'payments', namespace: 'prod' }, { name: 'web', namespace: 'default' }];

const service = (s: { name: string; namespace: string }) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${s.name}\n  namespace: ${s.namespace}\nspec:\n  selector:\n    app: ${s.name}\n  ports:\n    - port: 8443\n`;
const certificate = (s: { name: string; namespace: string }, issuer = 'vault-issuer') => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: ${s.name}
  namespace: ${s.namespace}
spec:
  secretName: ${s.name}-tls
  duration: 720h
  renewBefore: 240h
  privateKey:
    algorithm: ECDSA
  dnsNames:
    - ${s.name}
    - ${s.name}.${s.namespace}
    - ${s.name}.${s.namespace}.svc
    - ${s.name}.${s.namespace}.svc.cluster.local
  usages:
    - digital signature
    - server auth
    - client auth
  issuerRef:
    name: ${issuer}
    kind: ClusterIssuer
`;

const workspace = () => SERVICES.flatMap((s) => [{ path: `k8s/${s.name}-svc.yaml`, text: service(s) }, { path: `k8s/${s.name}-cert.yaml`, text: certificate(s) }]);

for (const format of ['vault', 'terraform'] as const) {
  test(`vault-setup (${format}): the setup, the Issuer and a Certificate per Service lint with no findings`, () => {
    const out = vaultSetup({ services: SERVICES, format });
    const files = [{ path: format === 'vault' ? 'vault/setup.sh' : 'vault/pki.tf', text: out.setup }, { path: 'k8s/issuer.yaml', text: out.issuer }, ...workspace()];
    assert.deepEqual(lintTexts(files).map((f) => `${f.file} ${f.code}: ${f.message}`), []);
    // The chain is really checked: the role is read and the Issuer resolves to it.
    const m = pkiModel(new Workspace(files));
    assert.deepEqual(m.roles.map((r) => [r.mount, r.name]), [['pki_int', 'services']]);
    // A Certificate for a name the role does not admit is caught through the same files.
    const bad = certificate({ name: 'orders', namespace: 'prod' }).replace('    - orders\n', '    - orders.example.com\n');
    const again = lintTexts([...files.filter((f) => f.path !== 'k8s/orders-cert.yaml'), { path: 'k8s/orders-cert.yaml', text: bad }]);
    assert.deepEqual(again.map((f) => f.code), ['vault-role-denies-name']);
  });
}

test('vault-setup: the role admits exactly the Services\' names (table from Vault\'s role semantics)', () => {
  for (const format of ['vault', 'terraform'] as const) {
    const out = vaultSetup({ services: SERVICES, format });
    const role = pkiModel(new Workspace([{ path: format === 'vault' ? 's.sh' : 'p.tf', text: out.setup }])).roles[0];
    const cases: Array<[string, boolean]> = [
      ['orders', true], ['orders.prod', true], ['orders.prod.svc', true], ['orders.prod.svc.cluster.local', true],
      ['web.default.svc.cluster.local', true], ['payments.prod.svc', true],
      ['evil.prod.svc.cluster.local', false], ['orders.other', false], ['x.orders.prod.svc', false], ['localhost', false], ['*.prod.svc.cluster.local', false],
    ];
    for (const [name, ok] of cases) {
      const v = roleAdmitsName(role.fields, name);
      assert.ok('ok' in v && v.ok === ok, `${format}: ${name} ${ok ? 'admitted' : 'refused'}: ${JSON.stringify(v)}`);
    }
    assert.equal(roleBool(role.fields, 'require_cn'), false);
    assert.equal(roleBool(role.fields, 'client_flag'), true);
    assert.equal(roleBool(role.fields, 'server_flag'), true);
  }
});

test('vault-setup: options that could leave their string are refused; odd Service names are left out', () => {
  assert.match(vaultSetupProblem({ services: [], mount: 'pki"; rm -rf /' })!, /mount/);
  assert.match(vaultSetupProblem({ services: [], issuerName: 'Vault Issuer' })!, /issuer name/);
  assert.match(vaultSetupProblem({ services: [], server: 'https://vault\n' })!, /Vault address/);
  assert.match(vaultSetupProblem({ services: [], maxTtl: '30d' })!, /hours/);
  const out = vaultSetup({ services: [{ name: 'web', namespace: 'default' }, { name: 'Bad_Name', namespace: 'x' }] });
  assert.deepEqual(out.skipped, ['x/Bad_Name']);
  assert.deepEqual(out.names, ['web', 'web.default', 'web.default.svc', 'web.default.svc.cluster.local']);
});

test('certwright vault-setup: prints a script and a Terraform file that lint clean; no Service is a usage error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'certwright-vault-'));
  for (const f of workspace()) writeFileSync(join(dir, f.path.replace('k8s/', '')), f.text);
  for (const format of ['vault', 'terraform']) {
    let out = '', err = '';
    const code = await main(['vault-setup', '--format', format, dir], { out: (s) => { out += s; }, err: (s) => { err += s; } });
    assert.equal(code, 0, err);
    assert.match(out, /pki_int\/sign\/services/);
    const path = format === 'vault' ? 'setup.sh' : 'pki.tf';
    assert.deepEqual(lintTexts([{ path, text: out }]).map((f) => `${f.code}: ${f.message}`), [], out);
  }
  let err = '';
  const empty = mkdtempSync(join(tmpdir(), 'certwright-vault-empty-'));
  assert.equal(await main(['vault-setup', empty], { out: () => {}, err: (s) => { err += s; } }), 2);
  assert.match(err, /no Service found/);
});
