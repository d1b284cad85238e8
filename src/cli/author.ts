// `certwright ca create | issue | csr | sign | secret | manifests`: certificate authoring on the
// command line, over the same core as the editor commands.
import {
  AuthorError, certificateSpecFromPem, certManagerManifests, createCa, createCsr, DAY_MS, HOUR_MS, isKeyType,
  isProfile, issueCertificate, istioCacertsSecretYaml, istioPluginCa, ISTIO_CA_KEY_FILE, KEY_TYPES, NeedPassphraseError, readK8sObjects, serviceTargets, signCsr, tlsSecretYaml,
} from '../core/author';
import { WrongPassphraseError } from '../core/author/pkcs8';
import type { AuthoredFiles, K8sObject, KeyType, Profile, ServiceTarget } from '../core/author';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expandPaths } from '../node/files';
import { ExistsError, readCaDir, readText, UnreadableError, writeAuthored } from '../node/author-files';
import { Parsed, parseArgs, UsageError, usageLine } from './args';
import type { Io } from './main';

const KEYS = Object.keys(KEY_TYPES).join('|');

export const CA_HELP = `Usage: certwright ca create --out DIR --cn NAME [options]

Creates a CA: DIR/ca.crt and DIR/ca.key (mode 0600). A self-signed root, or with --parent an
intermediate signed by the CA in that folder (its ca.crt then holds the intermediate followed by
the parent's chain).

Options:
  --out DIR                    folder to write ca.crt and ca.key into
  --cn NAME                    the CA's common name
  --org NAME                   organization (O)
  --key ${KEYS}
                               key type (default ecdsa-p256)
  --days N                     validity (default 3650 for a root, 1825 for an intermediate)
  --parent DIR                 sign with the CA in DIR (DIR/ca.crt, DIR/ca.key)
  --path-len N                 basicConstraints path length (0: may only issue leaves)
  --permit-dns LIST            name constraints: permitted DNS suffixes, e.g. .svc.cluster.local
  --passphrase-file FILE       encrypt ca.key (PKCS#8, PBKDF2-SHA256, AES-256-CBC) with the
                               passphrase in FILE (first line)
  --parent-passphrase-file FILE  passphrase of the parent's encrypted ca.key
  --force                      overwrite existing files

Exit status: 0 written, 1 refused (a file exists), 2 usage error or unreadable input.`;

export const ISSUE_HELP = `Usage: certwright issue --ca DIR --out DIR --cn NAME [options]

Issues a certificate from the CA in DIR (ca.crt, ca.key) for a new key: DIR/tls.crt (the
certificate, then the intermediates), DIR/tls.key (mode 0600) and DIR/ca.crt (the root).

Options:
  --ca DIR                 the issuing CA's folder
  --out DIR                folder to write tls.crt, tls.key, ca.crt into
  --cn NAME                common name ("" for an empty subject: then SANs are required)
  --org NAME               organization (O)
  --dns a,b                DNS names
  --ip x,y                 IP addresses
  --uri u,v                URIs (e.g. spiffe://cluster.local/ns/prod/sa/payment)
  --email a,b              email addresses
  --profile server|client|mtls   extended key usage (default mtls: server and client auth)
  --days N | --hours N     validity (default 24 hours)
  --key ${KEYS}
                           key type (default ecdsa-p256)
  --ca-passphrase-file FILE  passphrase of an encrypted ca.key
  --passphrase-file FILE   encrypt tls.key with the passphrase in FILE
  --force                  overwrite existing files

Exit status: 0 written, 1 refused (a file exists), 2 usage error or unreadable input.`;

export const CSR_HELP = `Usage: certwright csr --out DIR --cn NAME [options]

Creates a key and a certificate signing request: DIR/tls.csr and DIR/tls.key (mode 0600).

Options:
  --out DIR, --cn NAME, --org NAME, --dns a,b, --ip x,y, --uri u, --email a,
  --profile server|client|mtls, --key ${KEYS},
  --passphrase-file FILE, --force      as for "certwright issue"

Exit status: 0 written, 1 refused (a file exists), 2 usage error or unreadable input.`;

export const SIGN_HELP = `Usage: certwright sign --ca DIR --csr FILE --out DIR [options]

Signs a CSR with the CA in DIR after checking the CSR's signature. The CA decides the
extensions: only the subject and the SANs come from the request. Writes DIR/tls.crt (the
certificate, then the intermediates) and DIR/ca.crt (the root).

Options:
  --ca DIR                   the issuing CA's folder
  --csr FILE                 the request (PEM)
  --out DIR                  folder to write tls.crt and ca.crt into
  --profile server|client|mtls   default: what the CSR asks for, else mtls
  --days N | --hours N       validity (default 24 hours)
  --ca-passphrase-file FILE  passphrase of an encrypted ca.key
  --force                    overwrite existing files

Exit status: 0 written, 1 refused (a file exists), 2 usage error or unreadable input.`;

export const SECRET_HELP = `Usage: certwright secret --cert FILE --key FILE [--ca FILE] [--name NAME] [--namespace NS]

Prints a kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt) to standard output. Nothing is
written to disk: the Secret holds a private key, keep it out of git.

Options:
  --cert FILE            certificate (chain), e.g. tls.crt
  --key FILE             its private key
  --ca FILE              CA certificate for ca.crt (default: ca.crt next to --cert, else the
                         root at the end of --cert)
  --name NAME            Secret name (default: <common name>-tls)
  --namespace NS         metadata.namespace
  --passphrase-file FILE passphrase of an encrypted --key

Exit status: 0 printed, 2 usage error or unreadable input.`;

export const MANIFESTS_HELP = `Usage: certwright manifests [options] PATH...
       certwright manifests --from-pem FILE [--name NAME] [--namespace NS] [--issuer NAME] [--issuer-kind KIND]

The first form prints cert-manager manifests for the Services found in the Kubernetes YAML under
PATH (or named with --service): a self-signed ClusterIssuer, the CA Certificate, a CA Issuer or
ClusterIssuer, one Certificate per Service (its four DNS names, ECDSA, usages fitting how the
workload uses it: server auth, plus client auth when its pods call another Service), how to
mount each Secret, and with --trust-bundle a trust-manager Bundle.

The second form prints the cert-manager Certificate that would reproduce an existing
certificate (cert-manager#3586).

Options:
  --service NAME[.NS],...   only these Services (or, without PATH, exactly these)
  --namespace NS            namespace for --service names without one (default "default")
  --profile server|client|mtls  the same usages for every Service (default: inferred)
  --issuer-kind ClusterIssuer|Issuer   kind of the CA issuer (default ClusterIssuer)
  --ca-name NAME            base name of the CA objects (default mtls-ca)
  --trust-bundle            add a trust-manager Bundle distributing the CA
  --spiffe TRUST_DOMAIN     add the SPIFFE ID spiffe://TD/ns/NS/sa/SA as a URI SAN
  --duration D              Certificate duration (default 720h)
  --renew-before D          Certificate renewBefore (default 240h)
  --from-pem FILE           reproduce this certificate instead
  --name, --namespace, --issuer, --issuer-kind   metadata and issuerRef for --from-pem

Exit status: 0 printed, 2 usage error or unreadable input.`;

function list(v: string | undefined): string[] {
  return (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function positiveInt(args: Parsed, name: string, max: number): number | undefined {
  const v = args.options.get(name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max} (got ${JSON.stringify(v)})`);
  return Number(v);
}

function need(args: Parsed, name: string): string {
  const v = args.options.get(name);
  if (v === undefined || (v === '' && name !== 'cn')) throw new UsageError(`--${name} is required`);
  return v;
}

function keyType(args: Parsed): KeyType {
  const k = args.options.get('key') ?? 'ecdsa-p256';
  if (!isKeyType(k)) throw new UsageError(`--key must be one of ${KEYS} (got ${JSON.stringify(k)})`);
  return k;
}

function profile(args: Parsed): Profile | undefined {
  const p = args.options.get('profile');
  if (p === undefined) return undefined;
  if (!isProfile(p)) throw new UsageError(`--profile must be server, client or mtls (got ${JSON.stringify(p)})`);
  return p;
}

function validityMs(args: Parsed): number | undefined {
  const d = positiveInt(args, 'days', 36500);
  const h = positiveInt(args, 'hours', 876000);
  if (d !== undefined && h !== undefined) throw new UsageError('give --days or --hours, not both');
  return d !== undefined ? d * DAY_MS : h !== undefined ? h * HOUR_MS : undefined;
}

function passphrase(args: Parsed, name: string): string | undefined {
  const f = args.options.get(name);
  if (f === undefined) return undefined;
  const text = readText(f, 'the passphrase file');
  const line = text.split(/\r?\n/)[0];
  if (!line) throw new UsageError(`--${name}: ${f} holds an empty passphrase`);
  return line;
}

/** Runs `body`; an encrypted key without a passphrase, or a wrong one, names the key file and the flag to use. */
async function namingPassphraseFlag<T>(keyFile: string, flag: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof NeedPassphraseError) throw new AuthorError(`${keyFile} is encrypted: pass --${flag} FILE (a file whose first line is its passphrase)`);
    if (e instanceof WrongPassphraseError) throw new AuthorError(`${keyFile}: wrong passphrase; check the file given to --${flag}`);
    throw e;
  }
}

/** The CA in `dir` (ca.crt, ca.key), its key decrypted with the passphrase in the file of `--flag`. */
function readCa(args: Parsed, dir: string, flag: string) {
  return namingPassphraseFlag(join(dir, 'ca.key'), flag, () => readCaDir(dir, passphrase(args, flag)));
}

function noPositionals(args: Parsed): void {
  if (args.positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
}

/** Runs `body`; maps refusals and bad input to exit codes with one clear message. */
async function guarded(cmd: string, io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(usageLine(cmd, e.message));
      return 2;
    }
    if (e instanceof ExistsError) {
      io.err(`certwright ${cmd}: ${e.message} (use --force to replace them)\n`);
      return 1;
    }
    if (e instanceof AuthorError || e instanceof UnreadableError) {
      io.err(`certwright ${cmd}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function report(io: Io, written: string[], authored: AuthoredFiles): void {
  for (const p of written) io.out(`wrote ${p}\n`);
  for (const n of authored.notes) io.err(`note: ${n}\n`);
}

function slowKeyNote(io: Io, k: KeyType): void {
  if (k === 'rsa-4096' || k === 'rsa-3072') io.err(`generating an ${KEY_TYPES[k].label} key (a few seconds)...\n`);
}

export async function ca(argv: string[], io: Io): Promise<number> {
  return guarded('ca', io, async () => {
    const args = parseArgs(argv, { flags: ['force'], options: ['out', 'cn', 'org', 'key', 'days', 'parent', 'path-len', 'permit-dns', 'passphrase-file', 'parent-passphrase-file'] });
    if (args.flags.has('help')) { io.out(CA_HELP + '\n'); return 0; }
    const [sub, ...rest] = args.positionals;
    if (sub !== 'create') throw new UsageError(sub ? `unknown subcommand "ca ${sub}"` : 'ca needs a subcommand: create');
    if (rest.length) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
    const out = need(args, 'out');
    const cn = need(args, 'cn');
    const k = keyType(args);
    const days = positiveInt(args, 'days', 36500);
    const pl = args.options.get('path-len');
    if (pl !== undefined && (!/^\d+$/.test(pl) || Number(pl) > 10)) throw new UsageError(`--path-len must be a whole number from 0 to 10 (got ${JSON.stringify(pl)})`);
    const pass = passphrase(args, 'passphrase-file');
    const parentDir = args.options.get('parent');
    const parent = parentDir !== undefined ? await readCa(args, parentDir, 'parent-passphrase-file') : undefined;
    slowKeyNote(io, k);
    const authored = await createCa({
      commonName: cn, organization: args.options.get('org'), keyType: k, days, pathLength: pl !== undefined ? Number(pl) : undefined,
      permittedDns: list(args.options.get('permit-dns')), parent,
    });
    report(io, await writeAuthored(out, authored, { keyName: 'ca.key', passphrase: pass, overwrite: args.flags.has('force') }), authored);
    return 0;
  });
}

function sanArgs(args: Parsed) {
  return { dns: list(args.options.get('dns')), ips: list(args.options.get('ip')), uris: list(args.options.get('uri')), emails: list(args.options.get('email')) };
}

export async function issue(argv: string[], io: Io): Promise<number> {
  return guarded('issue', io, async () => {
    const args = parseArgs(argv, { flags: ['force'], options: ['ca', 'out', 'cn', 'org', 'dns', 'ip', 'uri', 'email', 'profile', 'days', 'hours', 'key', 'ca-passphrase-file', 'passphrase-file'] });
    if (args.flags.has('help')) { io.out(ISSUE_HELP + '\n'); return 0; }
    noPositionals(args);
    const caDir = need(args, 'ca');
    const out = need(args, 'out');
    const cn = need(args, 'cn');
    const k = keyType(args);
    const p = profile(args);
    const validity = validityMs(args);
    const pass = passphrase(args, 'passphrase-file');
    const caObj = await readCa(args, caDir, 'ca-passphrase-file');
    slowKeyNote(io, k);
    const authored = await issueCertificate({ ca: caObj, commonName: cn, organization: args.options.get('org'), san: sanArgs(args), profile: p, validityMs: validity, keyType: k });
    report(io, await writeAuthored(out, authored, { keyName: 'tls.key', passphrase: pass, overwrite: args.flags.has('force') }), authored);
    return 0;
  });
}

export async function csr(argv: string[], io: Io): Promise<number> {
  return guarded('csr', io, async () => {
    const args = parseArgs(argv, { flags: ['force'], options: ['out', 'cn', 'org', 'dns', 'ip', 'uri', 'email', 'profile', 'key', 'passphrase-file'] });
    if (args.flags.has('help')) { io.out(CSR_HELP + '\n'); return 0; }
    noPositionals(args);
    const out = need(args, 'out');
    const cn = need(args, 'cn');
    const k = keyType(args);
    const p = profile(args);
    const pass = passphrase(args, 'passphrase-file');
    slowKeyNote(io, k);
    const authored = await createCsr({ commonName: cn, organization: args.options.get('org'), san: sanArgs(args), profile: p, keyType: k });
    report(io, await writeAuthored(out, authored, { keyName: 'tls.key', passphrase: pass, overwrite: args.flags.has('force') }), authored);
    return 0;
  });
}

export async function sign(argv: string[], io: Io): Promise<number> {
  return guarded('sign', io, async () => {
    const args = parseArgs(argv, { flags: ['force'], options: ['ca', 'csr', 'out', 'profile', 'days', 'hours', 'ca-passphrase-file'] });
    if (args.flags.has('help')) { io.out(SIGN_HELP + '\n'); return 0; }
    noPositionals(args);
    const caDir = need(args, 'ca');
    const csrFile = need(args, 'csr');
    const out = need(args, 'out');
    const p = profile(args);
    const validity = validityMs(args);
    const csrText = readText(csrFile, 'the CSR');
    const caObj = await readCa(args, caDir, 'ca-passphrase-file');
    const authored = await signCsr({ ca: caObj, csrText, profile: p, validityMs: validity });
    report(io, await writeAuthored(out, authored, { overwrite: args.flags.has('force') }), authored);
    return 0;
  });
}

export async function secret(argv: string[], io: Io): Promise<number> {
  return guarded('secret', io, async () => {
    const args = parseArgs(argv, { options: ['cert', 'key', 'ca', 'name', 'namespace', 'passphrase-file'] });
    if (args.flags.has('help')) { io.out(SECRET_HELP + '\n'); return 0; }
    noPositionals(args);
    const certFile = need(args, 'cert');
    const certText = readText(certFile, 'the certificate');
    const keyText = readText(need(args, 'key'), 'the private key');
    // Default ca.crt: the one `certwright issue` wrote next to the certificate.
    const sibling = join(dirname(certFile), 'ca.crt');
    const caFile = args.options.get('ca') ?? (basename(certFile) !== 'ca.crt' && existsSync(sibling) ? sibling : undefined);
    const caText = caFile !== undefined ? readText(caFile, 'the CA certificate') : undefined;
    const r = await namingPassphraseFlag(need(args, 'key'), 'passphrase-file', () => tlsSecretYaml({ certText, keyText, caText, name: args.options.get('name'), namespace: args.options.get('namespace'), passphrase: passphrase(args, 'passphrase-file') }));
    io.out(r.yaml);
    for (const n of r.notes) io.err(`note: ${n}\n`);
    return 0;
  });
}

function parseServiceRef(ref: string, defaultNs: string): { name: string; namespace: string } {
  const [name, ...ns] = ref.split('.');
  return { name, namespace: ns.length ? ns.join('.') : defaultNs };
}

export async function manifests(argv: string[], io: Io): Promise<number> {
  return guarded('manifests', io, async () => {
    const args = parseArgs(argv, {
      flags: ['trust-bundle'],
      options: ['service', 'namespace', 'profile', 'issuer-kind', 'ca-name', 'spiffe', 'duration', 'renew-before', 'from-pem', 'name', 'issuer'],
    });
    if (args.flags.has('help')) { io.out(MANIFESTS_HELP + '\n'); return 0; }
    const kind = args.options.get('issuer-kind');
    if (kind !== undefined && kind !== 'Issuer' && kind !== 'ClusterIssuer') throw new UsageError(`--issuer-kind must be Issuer or ClusterIssuer (got ${JSON.stringify(kind)})`);
    const fromPem = args.options.get('from-pem');
    if (fromPem !== undefined) {
      noPositionals(args);
      io.out(certificateSpecFromPem(readText(fromPem, 'the certificate'), {
        name: args.options.get('name'), namespace: args.options.get('namespace'), issuerName: args.options.get('issuer'), issuerKind: kind as 'Issuer' | 'ClusterIssuer' | undefined,
      }));
      return 0;
    }
    for (const only of ['name', 'issuer']) if (args.options.has(only)) throw new UsageError(`--${only} goes with --from-pem`);
    const defaultNs = args.options.get('namespace') ?? 'default';
    const wanted = list(args.options.get('service')).map((r) => parseServiceRef(r, defaultNs));
    if (!args.positionals.length && !wanted.length) throw new UsageError('give Kubernetes YAML files or folders to find Services in, or --service NAME');
    let objects: K8sObject[] = [];
    // A file that cannot be read or parsed is reported (exit 2); the others still get manifests.
    let unreadable = 0;
    if (args.positionals.length) {
      let files: string[];
      try {
        files = expandPaths(args.positionals).filter((f) => /\.ya?ml$/i.test(f) || args.positionals.includes(f));
      } catch (e) {
        throw new UnreadableError(`cannot read ${(e as NodeJS.ErrnoException).path ?? ''}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      for (const f of files) {
        try {
          for (const o of readK8sObjects(f, readText(f, 'the manifest'))) objects.push(o);
        } catch (e) {
          if (!(e instanceof Error)) throw e;
          io.err(`certwright manifests: ${e instanceof UnreadableError ? e.message : `cannot read the manifest ${f}: ${e.message}`}\n`);
          unreadable++;
        }
      }
    }
    let services = objects.filter((o) => o.kind === 'Service');
    if (wanted.length) {
      if (args.positionals.length) {
        const key = (o: { name: string; namespace: string }) => `${o.namespace}/${o.name}`;
        const found = new Set(services.map(key));
        const missing = wanted.filter((w) => !found.has(key(w)));
        if (missing.length) throw new UsageError(`no Service ${missing.map((m) => `${m.namespace}/${m.name}`).join(', ')} in the given files`);
        const want = new Set(wanted.map(key));
        services = services.filter((s) => want.has(key(s)));
      } else {
        objects = wanted.map((w) => ({ kind: 'Service', ...w, file: '', line: 0, start: 0, end: 0 }));
        services = objects;
      }
    }
    if (!services.length) throw new UsageError('no Service found in the given files');
    const targets: ServiceTarget[] = serviceTargets(services, objects, profile(args));
    io.out(certManagerManifests({
      services: targets, issuerKind: kind as 'Issuer' | 'ClusterIssuer' | undefined, caName: args.options.get('ca-name'), trustBundle: args.flags.has('trust-bundle'),
      spiffeTrustDomain: args.options.get('spiffe'), duration: args.options.get('duration'), renewBefore: args.options.get('renew-before'),
    }));
    return unreadable ? 2 : 0;
  });
}


export const ISTIO_CACERTS_HELP = `Usage: certwright istio-cacerts --out DIR --root DIR [options]
       certwright istio-cacerts --secret --root DIR [--namespace NS] [options]

Creates Istio's plug-in CA (the "Plug in CA Certificates" task): an intermediate CA signed by the
root CA in --root (ca.crt, ca.key), written as DIR/ca-cert.pem, DIR/ca-key.pem (mode 0600),
DIR/root-cert.pem and DIR/cert-chain.pem (ca-cert.pem, then its issuers up to the root, each
once). Create the Secret with:
  kubectl create secret generic cacerts -n istio-system --from-file=DIR/ca-cert.pem \\
    --from-file=DIR/ca-key.pem --from-file=DIR/root-cert.pem --from-file=DIR/cert-chain.pem
With --secret, nothing is written: the cacerts Secret is printed on standard output.

Options:
  --out DIR                    folder to write the four files into
  --root DIR                   the signing CA's folder (ca.crt, ca.key), usually the mesh root
  --cn NAME                    common name (default "Intermediate CA")
  --org NAME                   organization (default "Istio")
  --key ${KEYS}
                               key type (default ecdsa-p256)
  --days N                     validity (default 1825, never beyond the root's)
  --root-passphrase-file FILE  passphrase of an encrypted ca.key in --root
  --secret                     print the cacerts Secret instead of writing files
  --namespace NS               the Secret's namespace (default istio-system)
  --force                      overwrite existing files

Exit status: 0 written, 1 refused (a file exists), 2 usage error or unreadable input.`;

export async function istioCacerts(argv: string[], io: Io): Promise<number> {
  return guarded('istio-cacerts', io, async () => {
    const args = parseArgs(argv, { flags: ['force', 'secret'], options: ['out', 'root', 'cn', 'org', 'key', 'days', 'root-passphrase-file', 'namespace'] });
    if (args.flags.has('help')) { io.out(ISTIO_CACERTS_HELP + '\n'); return 0; }
    noPositionals(args);
    const asSecret = args.flags.has('secret');
    if (asSecret && args.options.has('out')) throw new UsageError('give --out (write files) or --secret (print the Secret), not both');
    if (!asSecret && args.options.has('namespace')) throw new UsageError('--namespace goes with --secret');
    const out = asSecret ? undefined : need(args, 'out');
    const rootDir = need(args, 'root');
    const k = keyType(args);
    const days = positiveInt(args, 'days', 36500);
    const root = await readCaDir(rootDir, passphrase(args, 'root-passphrase-file'));
    slowKeyNote(io, k);
    const authored = await istioPluginCa({ root, keyType: k, days, commonName: args.options.get('cn'), organization: args.options.get('org') });
    if (out === undefined) {
      io.out(await istioCacertsSecretYaml(authored, args.options.get('namespace') ?? 'istio-system'));
      for (const n of authored.notes) io.err(`note: ${n}\n`);
      return 0;
    }
    report(io, await writeAuthored(out, authored, { keyName: ISTIO_CA_KEY_FILE, overwrite: args.flags.has('force') }), authored);
    return 0;
  });
}
