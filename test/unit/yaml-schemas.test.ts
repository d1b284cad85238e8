// The schema contributed to the Red Hat YAML extension, and the registration against its API shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { certwrightSchema, wantsSchema } from '../../src/core/lint/schemas';
import { registerSchemas, SCHEMA_URI, type YamlExtensionApi } from '../../src/vscode/yamlSchemas';

test('the schema describes Certificate fields with docs, enums and Go duration patterns', () => {
  const s = certwrightSchema() as { allOf: Array<{ if: { properties?: { kind: { const: string } } }; then: { properties: { spec: { properties: Record<string, { description?: string; enum?: string[]; pattern?: string; properties?: Record<string, { enum?: string[] }> }>; required: string[] } } } }> };
  const cert = s.allOf.find((a) => a.if.properties?.kind.const === 'Certificate')!.then.properties.spec;
  assert.deepEqual(cert.required, ['secretName', 'issuerRef']);
  assert.match(cert.properties.secretName.description!, /tls\.crt/);
  assert.deepEqual(cert.properties.privateKey.properties!.algorithm.enum, ['RSA', 'ECDSA', 'Ed25519']);
  const re = new RegExp(cert.properties.duration.pattern!);
  assert.ok(re.test('2160h') && re.test('1h30m'));
  assert.ok(!re.test('90d') && !re.test('90'));
  assert.deepEqual(s.allOf.map((a) => a.if.properties?.kind.const), ['Certificate', 'Issuer', 'ClusterIssuer', 'PeerAuthentication', 'AuthorizationPolicy', 'DestinationRule', 'Gateway', 'Gateway', 'ReferenceGrant', 'BackendTLSPolicy', undefined]);
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

// ---- meshes and gateways (g15, #15) ------------------------------------------------------------------

import Ajv from 'ajv';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { fieldDoc } from '../../src/core/lint/docs';

type S = { description?: string; enum?: string[]; type?: string; required?: string[]; properties?: Record<string, S>; items?: S; additionalProperties?: S };
/** The `spec` schema of the allOf entry for an apiVersion group and kind. */
function specOf(group: string, kind: string): S {
  const s = certwrightSchema() as { allOf: Array<{ if: { properties?: { apiVersion: { pattern: string }; kind: { const: string } } }; then: { properties: { spec: S } } }> };
  const e = s.allOf.find((a) => a.if.properties?.kind.const === kind && a.if.properties.apiVersion.pattern === `^${group.replace(/\./g, '\\.')}/`);
  assert.ok(e, `${group} ${kind}`);
  return e.then.properties.spec;
}
/** Walks properties (names) and array items (`[]`). */
function at(s: S, ...path: string[]): S {
  let cur = s;
  for (const p of path) cur = p === '[]' ? cur.items! : p === '*' ? cur.additionalProperties! : cur.properties![p];
  assert.ok(cur, path.join('.'));
  return cur;
}
const doc = (kind: string | undefined, path: string) => fieldDoc(kind, path.split('.'))!;
const described = (kind: string | undefined, path: string) => doc(kind, path).doc + (doc(kind, path).default ? `\n\nDefault: ${doc(kind, path).default}` : '');

test('mesh and gateway kinds: the fields the rules read, with the hover docs as descriptions and their values as enums', () => {
  const dr = specOf('networking.istio.io', 'DestinationRule');
  const tls = at(dr, 'trafficPolicy', 'tls');
  assert.deepEqual(at(tls, 'mode'), { type: 'string', description: described('DestinationRule', 'spec.trafficPolicy.tls.mode'), enum: ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] });
  assert.equal(at(tls, 'caCertificates').description, described('DestinationRule', 'spec.trafficPolicy.tls.caCertificates'));
  assert.deepEqual(at(tls, 'subjectAltNames').items, { type: 'string' });
  assert.equal(at(dr, 'trafficPolicy', 'portLevelSettings', '[]', 'tls', 'credentialName').description, described('DestinationRule', 'spec.trafficPolicy.portLevelSettings.*.tls.credentialName'));
  assert.equal(at(dr, 'subsets', '[]', 'trafficPolicy', 'tls', 'mode').enum!.length, 4);
  assert.equal(at(tls, 'insecureSkipVerify').type, 'boolean');

  const ig = at(specOf('networking.istio.io', 'Gateway'), 'servers', '[]');
  assert.deepEqual(at(ig, 'tls', 'mode').enum, ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH', 'ISTIO_MUTUAL', 'OPTIONAL_MUTUAL']);
  assert.equal(at(ig, 'tls', 'credentialName').description, described('Gateway', 'spec.servers.*.tls.credentialName'));
  assert.deepEqual(at(ig, 'tls', 'minProtocolVersion').enum, ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3']);
  assert.equal(at(ig, 'hosts').description, described('Gateway', 'spec.servers.*.hosts'));

  const pa = specOf('security.istio.io', 'PeerAuthentication');
  assert.deepEqual(at(pa, 'mtls', 'mode').enum, ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']);
  assert.deepEqual(at(pa, 'portLevelMtls', '*', 'mode').enum, ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT']);

  const ap = specOf('security.istio.io', 'AuthorizationPolicy');
  assert.equal(at(ap, 'rules', '[]', 'from', '[]', 'source', 'principals').description, 'Peer identities: `<trust domain>/ns/<namespace>/sa/<service account>` (no `spiffe://`); `*` only alone, as prefix or as suffix.');
  assert.deepEqual(at(ap, 'action').enum, ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);

  const gw = at(specOf('gateway.networking.k8s.io', 'Gateway'), 'listeners', '[]');
  assert.equal(at(gw, 'hostname').description, 'The host name this listener serves. cert-manager\'s gateway-shim needs it to make the Certificate.');
  assert.deepEqual(at(gw, 'tls', 'mode'), { type: 'string', description: described('Gateway', 'spec.listeners.*.tls.mode'), enum: ['Terminate', 'Passthrough'] });
  const ref = at(gw, 'tls', 'certificateRefs', '[]');
  assert.deepEqual(ref.required, ['name']);
  assert.deepEqual(at(ref, 'kind').enum, ['Secret']);
  assert.equal(at(ref, 'namespace').description, described('Gateway', 'spec.listeners.*.tls.certificateRefs.*.namespace'));

  const rg = specOf('gateway.networking.k8s.io', 'ReferenceGrant');
  assert.deepEqual(rg.required, ['from', 'to']);
  assert.deepEqual(at(rg, 'from', '[]').required, ['group', 'kind', 'namespace']);
  assert.deepEqual(at(rg, 'to', '[]').required, ['group', 'kind']);
  assert.deepEqual(at(rg, 'to', '[]', 'kind').enum, ['Secret', 'Service', 'ConfigMap']);

  const bt = at(specOf('gateway.networking.k8s.io', 'BackendTLSPolicy'), 'validation');
  assert.deepEqual(bt.required, ['hostname']);
  assert.deepEqual(at(bt, 'wellKnownCACertificates').enum, ['System']);
  assert.equal(at(bt, 'caCertificateRefs').description, described('BackendTLSPolicy', 'spec.validation.caCertificateRefs'));

  const values = (certwrightSchema() as { allOf: Array<{ then: S }> }).allOf.at(-1)!.then;
  assert.equal(at(values, 'identityTrustAnchorsPEM').description, described(undefined, 'identityTrustAnchorsPEM'));
  assert.equal(at(values, 'identity', 'issuer', 'tls', 'crtPEM').description, described(undefined, 'identity.issuer.tls.crtPEM'));
  assert.deepEqual(at(values, 'identity', 'issuer', 'scheme').enum, ['linkerd.io/tls', 'kubernetes.io/tls']);
  assert.deepEqual(at(values, 'config', 'enableGatewayAPI'), { type: 'boolean', description: described(undefined, 'config.enableGatewayAPI') });
});

const ajv = new Ajv({ strict: false, allErrors: true });
const validate = ajv.compile(certwrightSchema());
const errorsOf = (text: string) => parseAllDocuments(text).flatMap((d) => (validate(d.toJS()) ? [] : validate.errors!.filter((e) => e.keyword !== 'if').map((e) => `${e.instancePath} ${e.message}`)));
const NEW_KINDS = new Set(['DestinationRule', 'Gateway', 'PeerAuthentication', 'AuthorizationPolicy', 'ReferenceGrant', 'BackendTLSPolicy', undefined]);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : []; });
}

test('mesh and gateway kinds: the examples and the mesh corpus (charts, docs, guides) validate without an error', () => {
  let checked = 0;
  for (const f of [...yamlFiles('examples'), ...yamlFiles('test/fixtures/lint/corpus-mesh')]) {
    const text = readFileSync(f, 'utf8');
    if (text.includes('{{') || !wantsSchema(text)) continue; // Helm templates are not YAML before rendering
    for (const d of parseAllDocuments(text)) {
      const js = d.toJS() as { kind?: string } | null;
      if (!js || typeof js !== 'object' || !NEW_KINDS.has(js.kind)) continue;
      checked++;
      assert.ok(validate(js), `${f} ${js.kind}: ${JSON.stringify(validate.errors)}`);
    }
  }
  assert.ok(checked >= 20, `validated ${checked} documents`);
});

test('mesh and gateway kinds: what the API servers reject is an error at its path', () => {
  assert.deepEqual(errorsOf('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: api\nspec:\n  host: api\n  trafficPolicy:\n    tls:\n      mode: mutual\n'), ['/spec/trafficPolicy/tls/mode must be equal to one of the allowed values']);
  assert.deepEqual(errorsOf('apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: edge\nspec:\n  listeners:\n    - name: https\n      tls:\n        mode: terminate\n        certificateRefs:\n          - namespace: certs\n'), ['/spec/listeners/0/tls/mode must be equal to one of the allowed values', '/spec/listeners/0/tls/certificateRefs/0 must have required property \'name\'']);
  assert.deepEqual(errorsOf('apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: g\nspec:\n  from:\n    - group: gateway.networking.k8s.io\n      kind: Gateway\n  to: []\n'), ['/spec/from/0 must have required property \'namespace\'', '/spec/to must NOT have fewer than 1 items']);
  assert.deepEqual(errorsOf('apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata:\n  name: b\nspec:\n  validation:\n    wellKnownCACertificates: system\n'), ['/spec/validation must have required property \'hostname\'', '/spec/validation/wellKnownCACertificates must be equal to one of the allowed values']);
  assert.deepEqual(errorsOf('config:\n  apiVersion: controller.config.cert-manager.io/v1alpha1\n  kind: ControllerConfiguration\n  enableGatewayAPI: "true"\n'), ['/config/enableGatewayAPI must be boolean']);
  // Another chart's `config` string, and other kinds of these groups, are left alone.
  assert.deepEqual(errorsOf('config: "/etc/app.conf"\nidentity: {}\n'), []);
  assert.deepEqual(errorsOf('apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: r\nspec:\n  hostnames: [1]\n'), []);
});

test('only the mesh and gateway files ask for the schema: API groups, Linkerd values, cert-manager config values', () => {
  assert.equal(wantsSchema('apiVersion: networking.istio.io/v1\nkind: DestinationRule\n'), true);
  assert.equal(wantsSchema('apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\n'), true);
  assert.equal(wantsSchema('identityTrustAnchorsPEM: |\n  -----BEGIN CERTIFICATE-----\n'), true);
  assert.equal(wantsSchema('installCRDs: true\nconfig:\n  apiVersion: controller.config.cert-manager.io/v1alpha1\n  enableGatewayAPI: true\n'), true);
  assert.equal(wantsSchema('replicaCount: 2\nconfig:\n  port: 80\n'), false);
  assert.equal(wantsSchema('apiVersion: networking.k8s.io/v1\nkind: Ingress\n'), false);
  // Hostile: many lines, no match, answered at once.
  assert.equal(wantsSchema('config:\n' + '\n  \n'.repeat(50_000) + 'x: 1\n'), false);
});

test('values filled in later (envsubst, kustomize vars, placeholders, Helm) match the patterns: unknown is never wrong', () => {
  const cert = (secretName: string, duration: string) => `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: a\nspec:\n  secretName: ${secretName}\n  duration: ${duration}\n  issuerRef:\n    name: ca\n`;
  for (const [name, duration] of [['"${APP}-tls"', '"${CERT_DURATION}"'], ['$(APP_NAME)-tls', '$(DURATION)'], ['<secret-name>', '<duration>'], ['"{{ .Values.name }}"', '"{{ .Values.duration }}"']]) {
    assert.deepEqual(errorsOf(cert(name, duration)), [], `${name} ${duration}`);
  }
  assert.deepEqual(errorsOf(cert('Web_TLS', '90d')), ['/spec/secretName must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$|\\$[({A-Za-z_]|<[A-Za-z]|\\{\\{"', '/spec/duration must match pattern "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$|\\$[({A-Za-z_]|<[A-Za-z]|\\{\\{"']);
});

// ---- kustomize patches: the schema without `required` --------------------------------------------

import { certwrightPatchSchema, looksLikePatch } from '../../src/core/lint/schemas';
import { PATCH_SCHEMA_URI } from '../../src/vscode/yamlSchemas';

const validatePatch = new Ajv({ strict: false, allErrors: true }).compile(certwrightPatchSchema());
const patchErrorsOf = (text: string) => parseAllDocuments(text).flatMap((d) => (validatePatch(d.toJS()) ? [] : validatePatch.errors!.filter((e) => e.keyword !== 'if').map((e) => `${e.instancePath} ${e.message}`)));

test('kustomize patches: a Certificate patch holding only dnsNames is an error for the full schema and valid for the patch schema; types and patterns still apply', () => {
  const patch = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: api\nspec:\n  dnsNames:\n    - api.prod.svc\n';
  assert.deepEqual(errorsOf(patch), ['/spec must have required property \'secretName\'', '/spec must have required property \'issuerRef\'']);
  assert.deepEqual(patchErrorsOf(patch), []);
  assert.deepEqual(patchErrorsOf('apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: ca\nspec:\n  ca: {}\n'), [], 'an Issuer patch: neither a type nor spec.ca.secretName required');
  assert.deepEqual(patchErrorsOf('apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: api\nspec:\n  duration: 90d\n  isCA: "no"\n'), ['/spec/duration must match pattern "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$|\\$[({A-Za-z_]|<[A-Za-z]|\\{\\{"', '/spec/isCA must be boolean']);
  // Only the kind conditions keep `required`: a Gateway patch is not checked as a Certificate.
  assert.deepEqual(patchErrorsOf('apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n  servers:\n    - port: {number: 443}\n'), []);
  assert.equal(JSON.stringify(certwrightPatchSchema()).includes('"secretName","issuerRef"'), false);
});

test('kustomize patches: registerSchemas gives a listed patch, or a file with a $patch directive, the patch schema; other files the full one', () => {
  let req: ((r: string) => string | undefined) | undefined, content: ((u: string) => string | undefined) | undefined;
  const api: YamlExtensionApi = { registerContributor: (_n, r, c) => { req = r; content = c; return true; } };
  const cert = 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: api\nspec:\n  dnsNames: [a]\n';
  const texts: Record<string, string> = { 'file:///base/cert.yaml': cert, 'file:///overlays/prod/cert-patch.yaml': cert, 'file:///overlays/prod/delete.yaml': cert.replace('spec:\n', '$patch: delete\nspec:\n') };
  registerSchemas(api, (r) => texts[r], (r) => r === 'file:///overlays/prod/cert-patch.yaml');
  assert.equal(req!('file:///base/cert.yaml'), SCHEMA_URI);
  assert.equal(req!('file:///overlays/prod/cert-patch.yaml'), PATCH_SCHEMA_URI);
  assert.equal(req!('file:///overlays/prod/delete.yaml'), PATCH_SCHEMA_URI);
  assert.equal(JSON.parse(content!(PATCH_SCHEMA_URI)!).$id, PATCH_SCHEMA_URI);
  assert.equal(looksLikePatch('spec:\n  - $patch: replace\n'), true);
  assert.equal(looksLikePatch('spec:\n  note: "$patch: no"\n'), false);
});
