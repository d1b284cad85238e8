// The schema contributed to the Red Hat YAML extension, and the registration against its API shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certwrightSchema, wantsSchema } from '../../src/core/lint/schemas';
import { registerSchemas, SCHEMA_URI, type YamlExtensionApi } from '../../src/vscode/yamlSchemas';

test('the schema describes Certificate fields with docs, enums and Go duration patterns', () => {
  const s = certwrightSchema() as { allOf: Array<{ if: { properties: { kind: { const: string } } }; then: { properties: { spec: { properties: Record<string, { description?: string; enum?: string[]; pattern?: string; properties?: Record<string, { enum?: string[] }> }>; required: string[] } } } }> };
  const cert = s.allOf.find((a) => a.if.properties.kind.const === 'Certificate')!.then.properties.spec;
  assert.deepEqual(cert.required, ['secretName', 'issuerRef']);
  assert.match(cert.properties.secretName.description!, /tls\.crt/);
  assert.deepEqual(cert.properties.privateKey.properties!.algorithm.enum, ['RSA', 'ECDSA', 'Ed25519']);
  const re = new RegExp(cert.properties.duration.pattern!);
  assert.ok(re.test('2160h') && re.test('1h30m'));
  assert.ok(!re.test('90d') && !re.test('90'));
  assert.deepEqual(s.allOf.map((a) => a.if.properties.kind.const), ['Certificate', 'Issuer', 'ClusterIssuer', 'PeerAuthentication']);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(s)));
});

test('only cert-manager / Istio YAML asks for the schema', () => {
  assert.equal(wantsSchema('apiVersion: cert-manager.io/v1\nkind: Certificate\n'), true);
  assert.equal(wantsSchema('---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\n'), true);
  assert.equal(wantsSchema('apiVersion: apps/v1\nkind: Deployment\n'), false);
});

test('registerSchemas uses the YAML extension contributor API', () => {
  const calls: Array<{ name: string; req: (r: string) => string | undefined; content: (u: string) => string | undefined }> = [];
  const api: YamlExtensionApi = { registerContributor: (name, req, content) => { calls.push({ name, req, content }); return true; } };
  const texts: Record<string, string> = { 'file:///a.yaml': 'apiVersion: cert-manager.io/v1\nkind: Certificate\n', 'file:///b.yaml': 'kind: ConfigMap\n' };
  assert.equal(registerSchemas(api, (r) => texts[r]), true);
  assert.equal(calls.length, 1);
  assert.equal(calls[0].name, 'certwright');
  assert.equal(calls[0].req('file:///a.yaml'), SCHEMA_URI);
  assert.equal(calls[0].req('file:///b.yaml'), undefined);
  assert.equal(calls[0].req('file:///closed.yaml'), undefined);
  assert.equal(JSON.parse(calls[0].content(SCHEMA_URI)!).$id, SCHEMA_URI);
  assert.equal(calls[0].content('other://x'), undefined);
});
