// JSON Schema for cert-manager, trust-manager and Istio identity kinds, Istio traffic TLS, the
// Gateway API's TLS kinds and the Helm values of Linkerd's identity and cert-manager's Gateway API
// switch, built from the same field docs the hovers use. Given to the Red Hat YAML extension when
// it is installed (its completion and hovers show the descriptions and enums).
import { fieldDoc } from './docs';

type Schema = Record<string, unknown>;

function prop(kind: string | undefined, path: string, type: string | string[], extra: Schema = {}): Schema {
  const doc = fieldDoc(kind, path.split('.'));
  const s: Schema = { type, ...extra };
  if (doc) {
    s.description = doc.doc + (doc.default ? `\n\nDefault: ${doc.default}` : '');
    if (doc.values && type === 'string') s.enum = doc.values;
  }
  return s;
}

/**
 * Values filled in before use (kustomize `$(VAR)`, envsubst `${VAR}`/`$VAR`, `<placeholder>`,
 * Helm `{{ }}`) match every pattern: unknown is never wrong (the linter's SUBSTITUTED, as a pattern).
 */
const FILLED_LATER = '\\$[({A-Za-z_]|<[A-Za-z]|\\{\\{';
const orFilledLater = (anchored: string) => `${anchored}|${FILLED_LATER}`;
const GO_DURATION = orFilledLater('^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$');

function certificateSpec(): Schema {
  const k = 'Certificate';
  const usage = { type: 'string', enum: fieldDoc(k, ['spec', 'usages', '0'])?.values };
  return {
    type: 'object',
    required: ['secretName', 'issuerRef'],
    properties: {
      secretName: prop(k, 'spec.secretName', 'string', { pattern: orFilledLater('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$') }),
      commonName: prop(k, 'spec.commonName', 'string', { maxLength: 64 }),
      dnsNames: prop(k, 'spec.dnsNames', 'array', { items: { type: 'string' } }),
      ipAddresses: prop(k, 'spec.ipAddresses', 'array', { items: { type: 'string' } }),
      uris: prop(k, 'spec.uris', 'array', { items: { type: 'string' } }),
      emailAddresses: prop(k, 'spec.emailAddresses', 'array', { items: { type: 'string' } }),
      duration: prop(k, 'spec.duration', 'string', { pattern: GO_DURATION }),
      renewBefore: prop(k, 'spec.renewBefore', 'string', { pattern: GO_DURATION }),
      renewBeforePercentage: prop(k, 'spec.renewBeforePercentage', 'integer', { minimum: 1, maximum: 99 }),
      usages: prop(k, 'spec.usages', 'array', { items: usage }),
      isCA: prop(k, 'spec.isCA', 'boolean'),
      issuerRef: {
        ...prop(k, 'spec.issuerRef', 'object'),
        required: ['name'],
        properties: {
          name: prop(k, 'spec.issuerRef.name', 'string'),
          kind: prop(k, 'spec.issuerRef.kind', 'string'),
          group: prop(k, 'spec.issuerRef.group', 'string'),
        },
      },
      privateKey: {
        ...prop(k, 'spec.privateKey', 'object'),
        properties: {
          algorithm: prop(k, 'spec.privateKey.algorithm', 'string'),
          size: prop(k, 'spec.privateKey.size', 'integer'),
          encoding: prop(k, 'spec.privateKey.encoding', 'string'),
          rotationPolicy: prop(k, 'spec.privateKey.rotationPolicy', 'string'),
        },
      },
      subject: prop(k, 'spec.subject', 'object'),
      literalSubject: prop(k, 'spec.literalSubject', 'string'),
      secretTemplate: prop(k, 'spec.secretTemplate', 'object'),
      revisionHistoryLimit: prop(k, 'spec.revisionHistoryLimit', 'integer', { minimum: 1 }),
      signatureAlgorithm: prop(k, 'spec.signatureAlgorithm', 'string'),
      nameConstraints: prop(k, 'spec.nameConstraints', 'object'),
      keystores: prop(k, 'spec.keystores', 'object'),
      additionalOutputFormats: prop(k, 'spec.additionalOutputFormats', 'array'),
    },
  };
}

function issuerSpec(kind: string): Schema {
  return {
    type: 'object',
    properties: {
      ca: { ...prop(kind, 'spec.ca', 'object'), required: ['secretName'], properties: { secretName: prop(kind, 'spec.ca.secretName', 'string') } },
      selfSigned: prop(kind, 'spec.selfSigned', 'object'),
      acme: { ...prop(kind, 'spec.acme', 'object'), required: ['server', 'privateKeySecretRef'] },
      vault: { ...prop(kind, 'spec.vault', 'object'), required: ['server', 'path'] },
      venafi: { type: 'object' },
    },
    oneOf: ['acme', 'ca', 'selfSigned', 'vault', 'venafi'].map((t) => ({ required: [t] })),
  };
}

// ---- meshes and gateways (g15, #15): the fields the mesh and gateway rules read ----------------

/** An object schema with documented properties (no `additionalProperties`: other fields stay allowed). */
function obj(kind: string, path: string, properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return { ...prop(kind, path, 'object'), properties, ...extra };
}

const strArray = (kind: string, path: string): Schema => prop(kind, path, 'array', { items: { type: 'string' } });
/** String fields `names` under `base`, documented. */
const stringFields = (kind: string, base: string, names: string[]): Record<string, Schema> => Object.fromEntries(names.map((n) => [n, prop(kind, `${base}.${n}`, 'string')]));
/** An array of objects with these properties. */
const listOf = (properties: Record<string, Schema>): Schema => ({ type: 'array', items: { type: 'object', properties } });

/** DestinationRule `tls` (ClientTLSSettings) at `base` (a traffic policy). */
function clientTls(base: string): Schema {
  const k = 'DestinationRule';
  const t = `${base}.tls`;
  return obj(k, t, {
    ...stringFields(k, t, ['mode', 'credentialName', 'caCertificates', 'clientCertificate', 'privateKey', 'sni']),
    subjectAltNames: strArray(k, `${t}.subjectAltNames`),
    insecureSkipVerify: prop(k, `${t}.insecureSkipVerify`, 'boolean'),
  });
}

function trafficPolicy(base: string, portLevel: boolean): Schema {
  const properties: Record<string, Schema> = { tls: clientTls(base) };
  if (portLevel) properties.portLevelSettings = listOf({ tls: clientTls(`${base}.portLevelSettings.*`) });
  return { type: 'object', properties };
}

function destinationRuleSpec(): Schema {
  return {
    type: 'object',
    properties: {
      host: prop('DestinationRule', 'spec.host', 'string'),
      trafficPolicy: trafficPolicy('spec.trafficPolicy', true),
      subsets: listOf({ trafficPolicy: trafficPolicy('spec.subsets.*.trafficPolicy', true) }),
    },
  };
}

function istioGatewaySpec(): Schema {
  const k = 'Gateway';
  const t = 'spec.servers.*.tls';
  return {
    type: 'object',
    properties: {
      servers: listOf({
        hosts: strArray(k, 'spec.servers.*.hosts'),
        tls: obj(k, t, {
          ...stringFields(k, t, ['mode', 'credentialName', 'serverCertificate', 'privateKey', 'caCertificates', 'minProtocolVersion']),
          subjectAltNames: strArray(k, `${t}.subjectAltNames`),
        }),
      }),
    },
  };
}

function peerAuthenticationSpec(): Schema {
  const k = 'PeerAuthentication';
  return {
    type: 'object',
    properties: {
      mtls: obj(k, 'spec.mtls', { mode: prop(k, 'spec.mtls.mode', 'string') }),
      portLevelMtls: { ...prop(k, 'spec.portLevelMtls', 'object'), additionalProperties: { type: 'object', properties: { mode: prop(k, 'spec.mtls.mode', 'string') } } },
    },
  };
}

function authorizationPolicySpec(): Schema {
  const k = 'AuthorizationPolicy';
  const src = 'spec.rules.*.from.*.source';
  return {
    type: 'object',
    properties: {
      action: prop(k, 'spec.action', 'string'),
      rules: listOf({
        from: listOf({
          source: obj(k, src, {
            principals: strArray(k, `${src}.principals`),
            notPrincipals: strArray(k, `${src}.notPrincipals`),
            namespaces: strArray(k, `${src}.namespaces`),
          }),
        }),
      }),
    },
  };
}

function gatewayApiGatewaySpec(): Schema {
  const k = 'Gateway';
  const l = 'spec.listeners.*';
  const ref = `${l}.tls.certificateRefs.*`;
  return {
    type: 'object',
    properties: {
      listeners: listOf({
        hostname: prop(k, `${l}.hostname`, 'string'),
        tls: obj(k, `${l}.tls`, {
          mode: prop(k, `${l}.tls.mode`, 'string'),
          certificateRefs: prop(k, `${l}.tls.certificateRefs`, 'array', {
            items: {
              type: 'object',
              required: ['name'],
              properties: stringFields(k, ref, ['group', 'kind', 'name', 'namespace']),
            },
          }),
        }),
      }),
    },
  };
}

function referenceGrantSpec(): Schema {
  const k = 'ReferenceGrant';
  const list = (side: 'from' | 'to', required: string[], fields: string[]): Schema => prop(k, `spec.${side}`, 'array', {
    minItems: 1,
    items: { type: 'object', required, properties: stringFields(k, `spec.${side}.*`, fields) },
  });
  return {
    type: 'object',
    required: ['from', 'to'],
    properties: {
      from: list('from', ['group', 'kind', 'namespace'], ['group', 'kind', 'namespace']),
      to: list('to', ['group', 'kind'], ['group', 'kind', 'name']),
    },
  };
}

function backendTlsPolicySpec(): Schema {
  const k = 'BackendTLSPolicy';
  const v = 'spec.validation';
  return {
    type: 'object',
    properties: {
      targetRefs: prop(k, 'spec.targetRefs', 'array'),
      validation: obj(k, v, {
        hostname: prop(k, `${v}.hostname`, 'string'),
        caCertificateRefs: prop(k, `${v}.caCertificateRefs`, 'array', { items: { type: 'object', required: ['name'], properties: { group: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } } } }),
        wellKnownCACertificates: prop(k, `${v}.wellKnownCACertificates`, 'string'),
      }, { required: ['hostname'] }),
    },
  };
}

/**
 * Helm values (a document without `kind`): Linkerd's identity and cert-manager's Gateway API
 * switch. Only leaf types are given (no `type` on `identity` or `config`), so another chart's
 * `config` string is no error.
 */
function helmValues(): Schema {
  const v = (path: string, type: string) => prop(undefined, path, type);
  return {
    properties: {
      identityTrustAnchorsPEM: v('identityTrustAnchorsPEM', 'string'),
      identity: {
        properties: {
          issuer: {
            properties: {
              scheme: v('identity.issuer.scheme', 'string'),
              tls: { properties: { crtPEM: v('identity.issuer.tls.crtPEM', 'string'), keyPEM: v('identity.issuer.tls.keyPEM', 'string') } },
            },
          },
        },
      },
      config: { properties: { enableGatewayAPI: v('config.enableGatewayAPI', 'boolean') } },
    },
  };
}

function when(apiPrefix: string, kind: string, spec: Schema): Schema {
  return {
    if: { properties: { apiVersion: { type: 'string', pattern: `^${apiPrefix.replace(/\./g, '\\.')}/` }, kind: { const: kind } }, required: ['apiVersion', 'kind'] },
    then: { properties: { spec }, required: ['spec'] },
  };
}

/** One schema for a YAML file of any of these kinds (each document is checked on its own). */
export function certwrightSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'certwright://schemas/cert-manager.json',
    title: 'cert-manager, trust-manager, Istio, Gateway API and Linkerd identity resources (Certwright)',
    type: 'object',
    allOf: [
      when('cert-manager.io', 'Certificate', certificateSpec()),
      when('cert-manager.io', 'Issuer', issuerSpec('Issuer')),
      when('cert-manager.io', 'ClusterIssuer', issuerSpec('ClusterIssuer')),
      when('security.istio.io', 'PeerAuthentication', peerAuthenticationSpec()),
      when('security.istio.io', 'AuthorizationPolicy', authorizationPolicySpec()),
      when('networking.istio.io', 'DestinationRule', destinationRuleSpec()),
      when('networking.istio.io', 'Gateway', istioGatewaySpec()),
      when('gateway.networking.k8s.io', 'Gateway', gatewayApiGatewaySpec()),
      when('gateway.networking.k8s.io', 'ReferenceGrant', referenceGrantSpec()),
      when('gateway.networking.k8s.io', 'BackendTLSPolicy', backendTlsPolicySpec()),
      { if: { not: { required: ['kind'] } }, then: helmValues() },
    ],
  };
}

/**
 * The schema for kustomize patches: the same fields, types, patterns and docs, nothing required
 * (a strategic-merge patch of a Certificate holds only what it changes, kustomize fills in the
 * rest from the base). The conditions that pick a kind (`if`) keep their `required`.
 */
export function certwrightPatchSchema(): Schema {
  const strip = (v: unknown, inIf: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => strip(x, inIf));
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (!inIf && k === 'required') continue;
      // oneOf of required-choices (an Issuer's one type): with nothing required every choice matches.
      if (!inIf && k === 'oneOf' && Array.isArray(x) && x.every((c) => c && typeof c === 'object' && Object.keys(c).join() === 'required')) continue;
      out[k] = strip(x, inIf || k === 'if');
    }
    return out;
  };
  return { ...(strip(certwrightSchema(), false) as Schema), $id: 'certwright://schemas/cert-manager-patch.json', title: 'kustomize patches of cert-manager, trust-manager, Istio, Gateway API resources (Certwright): nothing required' };
}

/** A strategic-merge patch's directive (`$patch: delete|replace|merge`) marks a file as a patch whatever lists it. */
export function looksLikePatch(text: string): boolean {
  return /^[ \t-]*\$patch:/m.test(text);
}

/**
 * Whether a YAML text holds a kind the schema describes, or Helm values of Linkerd's identity or
 * cert-manager's `config` (so other YAML is left alone).
 */
export function wantsSchema(text: string): boolean {
  return /^[ \t]*apiVersion:[ \t]*["']?(cert-manager\.io|security\.istio\.io|networking\.istio\.io|gateway\.networking\.k8s\.io)\//m.test(text)
    || /^identityTrustAnchorsPEM:/m.test(text)
    || (/^config:/m.test(text) && /^[ \t]+enableGatewayAPI:/m.test(text));
}
