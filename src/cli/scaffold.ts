// `certwright scaffold`: mTLS server and client code in Go, Python or Node, written to a folder.
import { join } from 'node:path';
import { instructions, scaffold as scaffoldFiles, ScaffoldError } from '../core/scaffold';
import type { Framework, Lang, Role, TlsMin } from '../core/scaffold';
import { FileExistsError, WriteFailedError, writeFilesSafely } from '../node/safe-write';
import { scaffoldFileMode } from '../node/scaffold-files';
import { parseArgs, UsageError, usageLine } from './args';
import type { Io } from './main';

export const SCAFFOLD_HELP = `Usage: certwright scaffold --lang go|python|node --role server|client|both --out DIR [options]

Writes an mTLS server and/or client that really interoperate: TLS 1.3 minimum, client
certificates required and verified, peers authorized by identity (ALLOWED_IDS: SPIFFE IDs or DNS
names), rotated certificate files picked up without a restart. A server listens on $PORT
(default 8443) and answers GET / with the verified client identity, GET /healthz with "ok"; a
client takes the URL as its first argument (or $URL) and prints the response body. Both read
TLS_CERT_FILE, TLS_KEY_FILE, TLS_CA_FILE (default /certs/tls.crt, tls.key, ca.crt).

Options:
  --lang go|python|node        Go net/http, Python, Node https (all: standard library only)
  --role server|client|both    default both
  --out DIR                    folder to write into
  --framework stdlib|flask|requests
                               Python: stdlib (default), or Flask server + requests client
  --typescript                 Node: TypeScript instead of JavaScript
  --tls-min 1.3|1.2            default TLS_MIN_VERSION (default 1.3)
  --port N                     default PORT (default 8443)
  --cert-dir DIR               where the Secret is mounted (default /certs)
  --force                      overwrite existing files

Exit status: 0 written, 1 refused (a file or link exists), 2 usage error or a failed write.`;

export async function scaffold(argv: string[], io: Io): Promise<number> {
  try {
    const args = parseArgs(argv, { flags: ['force', 'typescript'], options: ['lang', 'role', 'out', 'framework', 'tls-min', 'port', 'cert-dir'] });
    if (args.flags.has('help')) { io.out(SCAFFOLD_HELP + '\n'); return 0; }
    if (args.positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
    const lang = args.options.get('lang');
    if (!lang) throw new UsageError('--lang is required');
    const out = args.options.get('out');
    if (!out) throw new UsageError('--out is required');
    const port = args.options.get('port');
    if (port !== undefined && !/^\d+$/.test(port)) throw new UsageError(`--port must be a number (got ${JSON.stringify(port)})`);
    const o = {
      lang: lang as Lang, role: (args.options.get('role') ?? 'both') as Role, framework: args.options.get('framework') as Framework | undefined,
      typescript: args.flags.has('typescript'), tlsMin: args.options.get('tls-min') as TlsMin | undefined,
      port: port !== undefined ? Number(port) : undefined, certDir: args.options.get('cert-dir'),
    };
    let files;
    try {
      files = scaffoldFiles(o);
    } catch (e) {
      if (e instanceof ScaffoldError) throw new UsageError(e.message);
      throw e;
    }
    let written: string[];
    try {
      written = writeFilesSafely(out, files.map((f) => ({ path: join(out, f.path), content: f.content, mode: scaffoldFileMode(f.path) })), { overwrite: args.flags.has('force') });
    } catch (e) {
      if (e instanceof FileExistsError) {
        io.err(`certwright scaffold: ${e.shown.join(', ')} already exist (use --force to replace them)\n`);
        return 1;
      }
      if (e instanceof WriteFailedError) {
        io.err(`certwright scaffold: ${e.message}\n`);
        return 2;
      }
      throw e;
    }
    for (const p of written) io.out(`wrote ${p}\n`);
    io.out('\n' + instructions(o));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(usageLine('scaffold', e.message));
      return 2;
    }
    throw e;
  }
}
