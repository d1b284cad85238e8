// JSON Schema for cert-manager, trust-manager and Istio identity kinds, built from the same field
// docs the hovers use. Given to the Red Hat YAML extension when it is installed.
import { fieldDoc } from './docs';

type Schema = Record<string, unknown>;

function prop(kind: string, path: string, type: string | string[], extra: Schema = {}): Schema {
  const doc = fieldDoc(kind, path.split('.'));
  const s: Schema = { type, ...extra };
  if (doc) {
    s.description = doc.doc + (doc.default ? `\n\nDefault: ${doc.default}` : '');
    if (doc.values && type === 'string') s.enum = doc.values;
  }
  return s;
}

const GO_DURATION = '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$';

function certificateSpec(): Schema {
  const k = 'Certificate';
  const usage = { type: 'string', enum: fieldDoc(k, ['spec', 'usages', '0'])?.values };
  return {
    type: 'object',
    required: ['secretName', 'issuerRef'],
    properties: {
      secretName: prop(k, 'spec.secretName', 'string', { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' }),
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
    title: 'cert-manager, trust-manager and Istio identity resources (Certwright)',
    type: 'object',
    allOf: [
      when('cert-manager.io', 'Certificate', certificateSpec()),
      when('cert-manager.io', 'Issuer', issuerSpec('Issuer')),
      when('cert-manager.io', 'ClusterIssuer', issuerSpec('ClusterIssuer')),
      when('security.istio.io', 'PeerAuthentication', { type: 'object', properties: { mtls: { type: 'object', properties: { mode: prop('PeerAuthentication', 'spec.mtls.mode', 'string') } } } }),
    ],
  };
}

/** Whether a YAML text holds a kind the schema describes (so other YAML is left alone). */
export function wantsSchema(text: string): boolean {
  return /^\s*apiVersion:\s*["']?(cert-manager\.io|security\.istio\.io)\//m.test(text);
}
