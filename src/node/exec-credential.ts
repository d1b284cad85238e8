// Exec credential plugins (kubeconfig `users[].user.exec`, and an `exec` auth-provider), run
// here instead of by @kubernetes/client-node: its ExecAuth writes the plugin's `env` into this
// process's own environment (the extension host's), gives the plugin an open stdin, has no
// time limit and never kills a plugin that waits (an interactive login would hang the caller).
// Here the plugin gets its `env` on top of a copy of ours, no stdin and KUBERNETES_EXEC_INFO
// saying it is not interactive; it runs in its own process group, killed as a whole when the
// caller's signal aborts (the request's time limit or a cancellation); its output is bounded.
import { spawn } from 'node:child_process';
import { printable } from '../core/printable';

export interface ExecPlugin {
  command: string;
  args?: string[] | null;
  env?: Array<{ name: string; value: string }> | null;
  apiVersion?: string;
  installHint?: string;
}

/** `status` of an ExecCredential. */
export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

export class ExecPluginError extends Error {}

const MAX_STDOUT = 1 << 20;
const MAX_STDERR = 4096;

/** Runs the plugin until it prints its credential, fails, or `signal` aborts (then it is killed
 * and the promise rejects with `signal.reason`). */
export function runExecPlugin(plugin: ExecPlugin, signal: AbortSignal, baseEnv: NodeJS.ProcessEnv = process.env): Promise<ExecCredential> {
  return new Promise<ExecCredential>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const env: NodeJS.ProcessEnv = { ...baseEnv };
    for (const e of plugin.env ?? []) if (e && typeof e.name === 'string') env[e.name] = String(e.value ?? '');
    env.KUBERNETES_EXEC_INFO = JSON.stringify({ apiVersion: plugin.apiVersion ?? 'client.authentication.k8s.io/v1', kind: 'ExecCredential', spec: { interactive: false } });
    const group = process.platform !== 'win32';
    const name = printable(plugin.command);
    let out = '';
    let err = '';
    let done = false;
    const child = spawn(plugin.command, (plugin.args ?? []).map(String), { env, stdio: ['ignore', 'pipe', 'pipe'], detached: group, windowsHide: true });
    const kill = () => {
      try {
        if (group && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const finish = (e: unknown, value?: ExecCredential) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      if (e !== undefined) {
        kill();
        reject(e);
      } else resolve(value!);
    };
    const onAbort = () => finish(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      if (out.length > MAX_STDOUT) finish(new ExecPluginError(`the credential plugin ${name} printed more than ${MAX_STDOUT >> 20} MB`));
    });
    child.stderr.on('data', (d: string) => {
      if (err.length < MAX_STDERR) err += d.slice(0, MAX_STDERR - err.length);
    });
    child.on('error', (e: Error & { code?: string }) => {
      const hint = plugin.installHint ? ` (${printable(plugin.installHint).trim()})` : '';
      finish(new ExecPluginError(e.code === 'ENOENT' ? `the credential plugin ${name} is not installed or not on PATH${hint}` : `cannot run the credential plugin ${name}: ${e.message}`));
    });
    child.on('close', (code, sig) => {
      if (code !== 0) {
        const why = printable(err).trim().replace(/\s+/g, ' ').slice(0, 300);
        return finish(new ExecPluginError(`the credential plugin ${name} failed (${sig ?? `exit ${code}`})${why ? `: ${why}` : ''}`));
      }
      let status: ExecCredential | undefined;
      try {
        status = (JSON.parse(out) as { status?: ExecCredential }).status;
      } catch {
        // Reported below.
      }
      if (!status || typeof status !== 'object') return finish(new ExecPluginError(`the credential plugin ${name} did not print an ExecCredential (JSON with a status)`));
      finish(undefined, status);
    });
  });
}
