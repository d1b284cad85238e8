// Certificate authoring: the one entry other layers import (the CLI, dist/author.js for the
// extension, the tests).
export { AuthorError, CancelledError, DEFAULT_KEY_TYPE, describeKey, generateKey, importPrivateKey, isKeyType, KEY_TYPES } from './keys';
export type { AuthorKey, KeyType, KeySpec } from './keys';
export { DEFAULT_PROFILE, isProfile, PROFILES, profileOf, certManagerUsages } from './profiles';
export type { Profile } from './profiles';
export { buildCertificate, BACKDATE_MS } from './certificate';
export { buildName, normalizeSans, parseIp, serviceDnsNames, spiffeId, spiffeProblem, trustDomainProblem, validDnsName } from './names';
export type { SanInput, SubjectInput } from './names';
export { decryptPkcs8, encryptPkcs8, privateKeyPem, PBKDF2_ITERATIONS, WrongPassphraseError } from './pkcs8';
export { isEncryptedKey, loadCa, NeedPassphraseError, readCertificates, readCsr, readPrivateKey } from './material';
export type { Ca } from './material';
export { createCa, createCsr, DAY_MS, DEFAULT_CA_DAYS, DEFAULT_INTERMEDIATE_DAYS, DEFAULT_LEAF_HOURS, HOUR_MS, issueCertificate, signCsr } from './operations';
export type { AuthoredFiles } from './operations';
export { tlsSecretYaml } from './secret';
export { certManagerManifests, DEFAULTS as MANIFEST_DEFAULTS, parseGoDuration } from './cert-manager';
export { vaultSetup } from './vault-setup';
export type { ManifestOptions, ServiceTarget } from './cert-manager';
export { certificateSpecFromCert, certificateSpecFromPem } from './pem-to-certificate';
export { DocumentObjects, inferProfile, K8S_OBJECT_HINT, ObjectIndex, objectAt, objectsOf, prefillFor, readK8sObjects, selects, serviceTargets } from './workloads';
export type { K8sObject, Prefill } from './workloads';
export { isLabel, isSubdomain, toObjectName } from './yaml-out';
export { istioCacertsSecretYaml, istioPluginCa, ISTIO_CA_KEY_FILE } from './istio';
export type { IstioCaOptions } from './istio';
