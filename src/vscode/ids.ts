// The one table of command IDs, view IDs and settings. package.json `contributes` must match
// it (a unit test checks), and code refers to these constants only. No `vscode` import here.

export const EXTENSION_ID = 'certwright.certwright';

export const COMMANDS = {
  showDetails: { id: 'certwright.showDetails', title: 'Show Certificate Details', icon: '$(info)' },
  copyPem: { id: 'certwright.copyPem', title: 'Copy PEM', icon: '$(copy)' },
  copyFingerprint: { id: 'certwright.copyFingerprint', title: 'Copy SHA-256 Fingerprint', icon: '$(key)' },
  revealInFile: { id: 'certwright.revealInFile', title: 'Reveal in File', icon: '$(go-to-file)' },
  refresh: { id: 'certwright.refresh', title: 'Refresh Certificates', icon: '$(refresh)' },
  authorCreateCa: { id: 'certwright.author.createCa', title: 'Create CA', icon: '$(shield)' },
  authorIssue: { id: 'certwright.author.issueCertificate', title: 'Issue Certificate', icon: '$(workspace-trusted)' },
  authorCreateCsr: { id: 'certwright.author.createCsr', title: 'Create CSR', icon: '$(file-add)' },
  authorSignCsr: { id: 'certwright.author.signCsr', title: 'Sign CSR with CA', icon: '$(pass)' },
  authorSecret: { id: 'certwright.author.createSecret', title: 'Create Kubernetes TLS Secret', icon: '$(lock)' },
  authorManifests: { id: 'certwright.author.certManagerManifests', title: 'Generate cert-manager Manifests', icon: '$(file-code)' },
  authorPemToCertificate: { id: 'certwright.author.pemToCertificate', title: 'Convert PEM to cert-manager Certificate', icon: '$(arrow-swap)' },
  clusterRefresh: { id: 'certwright.cluster.refresh', title: 'Refresh Cluster Certificates', icon: '$(refresh)' },
  clusterFilter: { id: 'certwright.cluster.filter', title: 'Filter Cluster Certificates', icon: '$(filter)' },
  clusterShowExpiring: { id: 'certwright.cluster.showExpiring', title: 'Show Certificates Expiring Within N Days Across All Contexts', icon: '$(calendar)' },
  clusterOpenSecret: { id: 'certwright.cluster.openSecret', title: 'Open Decoded Secret', icon: '$(go-to-file)' },
  clusterCopyCaCrt: { id: 'certwright.cluster.copyCaCrt', title: 'Copy ca.crt', icon: '$(copy)' },
  clusterSaveCertificate: { id: 'certwright.cluster.saveCertificate', title: 'Save Certificate to Workspace', icon: '$(save)' },
  scaffold: { id: 'certwright.scaffold', title: 'Scaffold mTLS Server/Client', icon: '$(code)' },
  // h15: Istio's plug-in CA (ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem).
  authorCreateIstioCacerts: { id: 'certwright.author.createIstioCacerts', title: 'Create Istio Plug-in CA', icon: '$(shield)' },
  // h17time (#17 parts 4 and 5): keystores and the certificate timeline.
  openKeystore: { id: 'certwright.openKeystore', title: 'Open Keystore with Password', icon: '$(unlock)' },
  showTimeline: { id: 'certwright.showTimeline', title: 'Show Certificate Timeline', icon: '$(graph-line)' },
  // h14 (issue 14)
  generateVaultSetup: { id: 'certwright.generateVaultSetup', title: 'Generate Vault PKI Setup', icon: '$(server-process)' },
  // g21 (issue 21): actions on ConfigMap, webhook, CRD, APIService and kubeconfig certificate nodes.
  clusterOpenCertificates: { id: 'certwright.cluster.openCertificates', title: 'Open Decoded Certificates', icon: '$(go-to-file)' },
  clusterCopyPem: { id: 'certwright.cluster.copyPem', title: 'Copy Certificate PEM', icon: '$(copy)' },
} as const;

export const VIEWS = {
  container: 'certwright',
  certificates: 'certwright.certificates',
  clusterCertificates: 'certwright.clusterCertificates',
} as const;

export const LANGUAGE_ID = 'pem';
export const DETAILS_SCHEME = 'certwright-details';
/** Read-only decoded Secrets and reports of the Cluster view (content in memory only). */
export const CLUSTER_SCHEME = 'certwright-cluster';
/**
 * Read-only Kubernetes TLS Secrets made by "Create Kubernetes TLS Secret": held in memory only
 * (an untitled editor would be copied to disk by VS Code's hot-exit backups, key included).
 */
export const SECRET_SCHEME = 'certwright-secret';
export const DIAGNOSTIC_SOURCE = 'certwright';

export interface SettingSpec {
  key: string;
  type: 'number' | 'boolean' | 'array' | 'string';
  default: unknown;
  description: string;
  minimum?: number;
  maximum?: number;
  /** In Restricted Mode the workspace's value is ignored (package.json
   * `capabilities.untrustedWorkspaces.restrictedConfigurations`): it widens what is read, or runs something. */
  restricted?: boolean;
  /** package.json `scope`; `machine`: user (or remote) settings only, never a repository's. */
  scope?: 'machine' | 'machine-overridable';
}

export const SETTINGS = {
  expiryWarningDays: {
    key: 'certwright.expiryWarningDays', type: 'number', default: 30, minimum: 0, maximum: 3650,
    description: 'Certificates that expire within this many days get a warning (diagnostic, code lens, tree icon).',
  },
  codeLensEnabled: {
    key: 'certwright.codeLens.enabled', type: 'boolean', default: true,
    description: 'Show a code lens above each certificate, CSR, key and CRL ("Certificate · CN=... · expires in 23 days").',
  },
  diagnosticsEnabled: {
    key: 'certwright.diagnostics.enabled', type: 'boolean', default: true,
    description: 'Report expired, expiring, weak, undecodable and mismatched certificates and keys as problems.',
  },
  include: {
    key: 'certwright.include', type: 'array', restricted: true,
    default: ['**/*.{pem,crt,cer,cert,csr,key,der,crl}', '**/*.{yaml,yml}', '**/*.{p12,pfx,jks,p7b,p7c}'],
    description: 'Glob patterns of the workspace files the Certificates view scans (PEM/DER files, YAML for Kubernetes Secrets and ConfigMaps, PKCS#12/JKS keystores and PKCS#7 bundles).',
  },
  exclude: {
    key: 'certwright.exclude', type: 'array', restricted: true, default: ['**/node_modules/**', '**/.git/**', '**/dist/**', '**/out/**'],
    description: 'Glob patterns of workspace files that no feature reads (the Certificates view, the linter, authoring, the scaffold, the drift of the Cluster view).',
  },
  maxFileSizeMB: {
    key: 'certwright.maxFileSizeMB', type: 'number', restricted: true, default: 16, minimum: 1, maximum: 512,
    description: 'Files larger than this are skipped by every feature (with a note in the Certwright output channel) instead of being read.',
  },
  lintInclude: {
    key: 'certwright.lint.include', type: 'array', restricted: true,
    default: ['**/*.{yaml,yml}', '**/*.{go,py,js,ts,sh,conf,hcl}', '**/*.{bash,cnf,ext,tf,tmpl,ctmpl}', '**/{ca-cert,ca-key,root-cert,cert-chain}.pem'],
    description: "Files the linter reads: Kubernetes YAML, plus code and scripts whose `https://` URLs and `spire-server` commands the cross-file rules check, the openssl configs, Terraform and Vault Agent templates of the PKI rules, and Istio's plug-in CA files (`ca-cert.pem`, `ca-key.pem`, `root-cert.pem`, `cert-chain.pem`).",
  },
  maxFiles: {
    key: 'certwright.maxFiles', type: 'number', restricted: true, default: 5000, minimum: 1, maximum: 100000,
    description: 'The most workspace files each feature reads (the Certificates view, the linter, authoring, the scaffold, the Cluster view).',
  },
  clusterKubeconfig: {
    key: 'certwright.cluster.kubeconfig', type: 'string', default: '', restricted: true, scope: 'machine',
    description: 'Kubeconfig file(s) for the Cluster Certificates view, separated by the path delimiter (":" on Linux and macOS). Empty: `KUBECONFIG`, else `~/.kube/config`, else the in-cluster configuration.',
  },
  clusterTimeoutSeconds: {
    key: 'certwright.cluster.timeoutSeconds', type: 'number', default: 10, minimum: 1, maximum: 300,
    description: 'Time limit of each Kubernetes API request of the Cluster Certificates view, in seconds.',
  },
  clusterPageSize: {
    key: 'certwright.cluster.pageSize', type: 'number', default: 500, minimum: 10, maximum: 5000,
    description: 'Secrets fetched per request (`limit`) when listing a namespace; further pages load in the background.',
  },
  authorLeafValidityHours: {
    key: 'certwright.author.leafValidityHours', type: 'number', default: 24, minimum: 1, maximum: 9528,
    description: 'Default validity of certificates issued by **Certwright: Issue Certificate** and **Sign CSR with CA**, in hours (short-lived by default).',
  },
} as const satisfies Record<string, SettingSpec>;

/** Whether a setting must be read from the user's settings only: a machine-scoped one always, a
 * restricted one in Restricted Mode (workspace and folder values are the repository's). */
export function userValueOnly(spec: SettingSpec, trusted: boolean): boolean {
  return spec.scope === 'machine' || (!trusted && !!spec.restricted);
}

/** What a setting reads as, from `WorkspaceConfiguration.inspect()` and `get()`. */
export function settingValue<T>(spec: SettingSpec, values: { defaultValue?: T; globalValue?: T }, effective: T | undefined, trusted: boolean): T {
  if (userValueOnly(spec, trusted)) return values.globalValue ?? values.defaultValue ?? (spec.default as T);
  return effective ?? (spec.default as T);
}
/** Read-only reports of keystores opened with a password (content in memory only; h17time). */
export const KEYSTORE_SCHEME = 'certwright-keystore';

/** Context keys the extension sets (`when` clauses in package.json). */
export const CONTEXT_KEYS = {
  /** True while the Cluster view finds no kubeconfig: its welcome text (viewsWelcome) explains what to set. */
  noKubeconfig: 'certwright.cluster.noKubeconfig',
} as const;
