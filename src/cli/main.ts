// The `certwright` command: the editor's core on the command line.
import { inspect, INSPECT_HELP } from './inspect';
import { secrets, SECRETS_HELP } from './secrets';
import { certificates, CERTIFICATES_HELP } from './certificates';
import { lint, LINT_HELP } from './lint';
import { ca, CA_HELP, csr, CSR_HELP, issue, ISSUE_HELP, istioCacerts, ISTIO_CACERTS_HELP, manifests, MANIFESTS_HELP, secret, SECRET_HELP, sign, SIGN_HELP } from './author';
import { scaffold, SCAFFOLD_HELP } from './scaffold';
import { verifyCommand, VERIFY_HELP } from './verify';
import { runCommand } from './args';
import { vaultSetupCommand, VAULT_SETUP_HELP } from './vault-setup';
import { lsp, LSP_HELP } from './lsp';
import { timeline, TIMELINE_HELP } from './timeline';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

const VERSION = '0.1.0';

const COMMANDS: Record<string, { summary: string; help: string; run: (argv: string[], io: Io) => Promise<number> }> = {
  inspect: { summary: 'decode certificates, CSRs, keys and CRLs in files and folders', help: INSPECT_HELP, run: inspect },
  ca: { summary: 'create a root or intermediate CA (ca create)', help: CA_HELP, run: ca },
  issue: { summary: 'issue a server, client or mTLS certificate from a CA', help: ISSUE_HELP, run: issue },
  csr: { summary: 'create a key and a certificate signing request', help: CSR_HELP, run: csr },
  sign: { summary: 'sign a CSR with a CA', help: SIGN_HELP, run: sign },
  secret: { summary: 'print a kubernetes.io/tls Secret for a certificate and key', help: SECRET_HELP, run: secret },
  manifests: { summary: 'print cert-manager manifests for Services, or for an existing certificate', help: MANIFESTS_HELP, run: manifests },
  secrets: { summary: 'list TLS Secrets in Kubernetes clusters with their decoded certificates', help: SECRETS_HELP, run: secrets },
  certificates: { summary: 'list every certificate a cluster depends on: Secrets, ConfigMaps, webhooks, APIServices, kubeconfig', help: CERTIFICATES_HELP, run: certificates },
  scaffold: { summary: 'write mTLS servers and clients in Go, Python or Node (scaffold --lang go)', help: SCAFFOLD_HELP, run: scaffold },
  lint: { summary: 'lint cert-manager, trust-manager, csi-driver, SPIRE and Istio YAML (text, JSON, SARIF)', help: LINT_HELP, run: lint },
  'istio-cacerts': { summary: 'create Istio\'s plug-in CA (ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem) from a root', help: ISTIO_CACERTS_HELP, run: istioCacerts },
  lsp: { summary: 'the language server for other editors (lsp --stdio)', help: LSP_HELP, run: lsp },
  verify: { summary: 'validate certificate chains to trusted roots (RFC 5280: as Go and openssl -x509_strict)', help: VERIFY_HELP, run: verifyCommand },
  'vault-setup': { summary: 'print Vault PKI commands (or Terraform) and a cert-manager Vault Issuer for the Services', help: VAULT_SETUP_HELP, run: vaultSetupCommand },
  timeline: { summary: 'draw the certificates and cert-manager plans of files as a timeline (SVG or HTML)', help: TIMELINE_HELP, run: timeline },
};

function usage(): string {
  const width = Math.max(10, ...Object.keys(COMMANDS).map((k) => k.length + 2));
  const lines = Object.entries(COMMANDS).map(([k, v]) => `  ${k.padEnd(width)}${v.summary}`);
  return `Usage: certwright <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "certwright <command> --help" for a command's options.\n`;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.out(usage());
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.out(VERSION + '\n');
    return 0;
  }
  const c = COMMANDS[cmd];
  if (!c) {
    io.err(`certwright: unknown command "${cmd}"; run "certwright --help" for the commands\n`);
    return 2;
  }
  return runCommand(cmd, c.help, c.run, rest, io);
}
