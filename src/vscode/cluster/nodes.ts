// Node types of the Cluster Certificates view. Types only: shared by the small proxy in the
// extension bundle (lazy.ts) and the cluster bundle (view.ts) without pulling one into the other.
import type { CmCertificate, DriftItem } from '../../core/cluster/certmanager';
import type { SecretSummary } from '../../core/cluster/secrets';
import type { CertSource } from '../../core/cluster/sources';
import type { CertificateInfo } from '../../core/model';
import type { ContextInfo } from '../../node/kube';

export type MessageTone = 'info' | 'warning' | 'error' | 'lock' | 'loading';

export type ClusterNode =
  | { kind: 'message'; id: string; label: string; detail?: string; tone: MessageTone }
  | { kind: 'context'; id: string; info: ContextInfo }
  | { kind: 'namespace'; id: string; context: string; namespace: string }
  | { kind: 'secret'; id: string; context: string; summary: SecretSummary }
  | { kind: 'certificate'; id: string; context: string; namespace: string; certificate: CmCertificate }
  /** A certificate of a Secret: `source` is its key (tls.crt, ca.crt, Istio's ca-cert.pem, ...). */
  | { kind: 'cert'; id: string; context: string; namespace: string; secret: string; source: string; index: number; count: number; object: CertificateInfo }
  /** Cluster-wide groups of a context: admission webhooks, CRD conversion webhooks, APIServices. */
  | { kind: 'group'; id: string; context: string; group: 'webhook' | 'crd' | 'apiservice' }
  /** A ConfigMap key, a webhook's, CRD's or APIService's caBundle, or the kubeconfig client certificate. */
  | { kind: 'source'; id: string; context: string; source: CertSource }
  | { kind: 'sourceCert'; id: string; context: string; source: CertSource; index: number; object: CertificateInfo }
  | { kind: 'key'; id: string; text: string; matches: boolean | undefined }
  | { kind: 'drift'; id: string; item: DriftItem };

/** What the cluster bundle (dist/cluster.js) exports. */
export interface ClusterModule {
  getChildren(el?: ClusterNode): Promise<ClusterNode[]>;
  getTreeItem(el: ClusterNode): import('vscode').TreeItem;
  /** Runs a cluster command (IDs in ids.ts) with the arguments VS Code passed. */
  run(command: string, args: unknown[]): Promise<unknown>;
  provideTextDocumentContent(uri: import('vscode').Uri): Promise<string>;
  refresh(): void;
  dispose(): void;
}

export interface ClusterHost {
  log: import('vscode').LogOutputChannel;
  /** The workspace file service (drift reads the workspace's Certificate manifests through it). */
  files: import('../workspace-files').WorkspaceFiles;
  /** Tells VS Code the tree changed. */
  changed(): void;
}

export const RESTRICTED_TEXT = 'Cluster access is disabled in Restricted Mode';
export const RESTRICTED_DETAIL = 'Certwright reads kubeconfig files and may run their credential plugins (exec, OIDC), so the Cluster view stays off until you trust this workspace. Decoding certificates in files works as usual.';
