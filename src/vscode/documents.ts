// Scans open documents once per version and serves the results to hover, code lens,
// diagnostics and symbols. Large documents are skipped with a note, never scanned.
import * as vscode from 'vscode';
import { checkObjects, Finding } from '../core/diagnostics';
import { completeKeyIdentities } from '../core/inventory';
import { ContainerSupport, FoundObject, scanSteps } from '../core/scan';
import type { Hasher } from '../core/hash';
import { runSliced } from '../core/steps';
import { setting } from './config';

export interface DocumentScan {
  version: number;
  objects: FoundObject[];
  /** Sorted starts, for binary search by offset. */
  starts: number[];
  findings: Finding[];
  skipped?: string;
  truncated: boolean;
}

/** Quick pre-check: does this text mention anything we decode? */
const HINT = /-----BEGIN |LS0tLS1CRUdJT|(?:^|[\s"':=])(?:MI[IHG][A-Za-z0-9+/]{40}|\/u3\+7Q)/m;

/** The extension host gets its thread back at least this often while a large document is scanned. */
const SLICE_MS = 15;
// setImmediate on Node; a macrotask in VS Code for the Web's worker extension host.
const pause = () => new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** Runs a stepwise core computation on the extension host in slices of about 15 ms. */
export function inSlices<T>(steps: Generator<void, T, void>, cancelled?: () => boolean): Promise<T | undefined> {
  return runSliced(steps, { sliceMs: SLICE_MS, now: () => performance.now(), pause, cancelled });
}

export class DocumentScanner implements vscode.Disposable {
  private readonly cache = new Map<string, DocumentScan>();
  private readonly scanning = new Map<string, { version: number; promise: Promise<DocumentScan> }>();
  private readonly pending = new Map<string, Promise<DocumentScan>>();
  private readonly disposables: vscode.Disposable[] = [];

  /**
   * `hasher`: node:crypto's on the desktop, the core's portable one in VS Code for the Web.
   * `containers`: the keystore/PKCS#7 reader (desktop only: it needs Node's crypto).
   */
  constructor(private readonly log: vscode.LogOutputChannel, private readonly hasher: Hasher, private readonly containers?: ContainerSupport) {
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((d) => this.cache.delete(d.uri.toString())));
  }

  /**
   * The document's objects (cached per version). Decoding runs in slices of about 15 ms, so a
   * 10 MB bundle never freezes the extension host; a newer version cancels an older scan.
   * Key identities that need WebCrypto are filled in by `scanComplete`.
   */
  scan(doc: vscode.TextDocument): Promise<DocumentScan> {
    const key = doc.uri.toString();
    const hit = this.cache.get(key);
    if (hit && hit.version === doc.version) return Promise.resolve(hit);
    const running = this.scanning.get(key);
    if (running && running.version === doc.version) return running.promise;
    const promise = this.compute(doc).then((result) => {
      if (this.scanning.get(key)?.promise === promise) this.scanning.delete(key);
      if (!doc.isClosed) this.cache.set(key, result);
      return result;
    });
    this.scanning.set(key, { version: doc.version, promise });
    return promise;
  }

  /** Scan plus async completion (Ed25519 key identities), then findings. */
  async scanComplete(doc: vscode.TextDocument): Promise<DocumentScan> {
    const s = await this.scan(doc);
    const needs = s.objects.some((f) => f.result.ok && f.result.object.type === 'private-key' && !f.result.object.publicKey.keyMaterialHex && !f.result.object.encrypted);
    if (!needs) return s;
    const key = `${doc.uri.toString()}#${doc.version}`;
    let p = this.pending.get(key);
    if (!p) {
      p = (async () => {
        await completeKeyIdentities(s.objects);
        s.findings = this.findings(doc.getText(), s.objects);
        return s;
      })().finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    return p;
  }

  private findings(text: string, objects: FoundObject[]): Finding[] {
    return checkObjects(text, objects, { now: new Date(), expiryWarningDays: setting<number>('expiryWarningDays') });
  }

  private async compute(doc: vscode.TextDocument): Promise<DocumentScan> {
    const version = doc.version;
    const empty = (skipped?: string): DocumentScan => ({ version, objects: [], starts: [], findings: [], skipped, truncated: false });
    const maxBytes = setting<number>('maxFileSizeMB') * 1024 * 1024;
    const text = doc.getText();
    if (text.length > maxBytes) {
      const msg = `${doc.uri.fsPath || doc.uri.toString()}: skipped, ${(text.length / 1048576).toFixed(1)} MB is over certwright.maxFileSizeMB`;
      this.log.info(msg);
      return empty(msg);
    }
    if (!HINT.test(text)) return empty();
    try {
      const r = await inSlices(scanSteps(text, { hasher: this.hasher, containers: this.containers }), () => doc.isClosed || doc.version !== version);
      if (!r) return empty('superseded by a newer version');
      return { version, objects: r.objects, starts: r.objects.map((o) => o.start), findings: this.findings(text, r.objects), truncated: r.truncated };
    } catch (e) {
      // The core does not throw on bad input; this guards the extension host against bugs.
      this.log.error(`scan failed for ${doc.uri.toString()}: ${(e as Error).message}`);
      return empty(`scan failed: ${(e as Error).message}`);
    }
  }

  /** Forgets cached results (settings changed, or time passed and expiry states moved). */
  invalidate(): void {
    this.cache.clear();
    this.scanning.clear();
  }

  /** The objects whose range contains the offset (all members of a base64 bundle). */
  async objectsAt(doc: vscode.TextDocument, offset: number): Promise<FoundObject[]> {
    const s = await this.scan(doc);
    let lo = 0, hi = s.starts.length - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (s.starts[mid] <= offset) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    const out: FoundObject[] = [];
    for (let i = at; i >= 0 && i >= at - 64; i--) {
      const o = s.objects[i];
      if (o.start <= offset && offset <= o.end) out.unshift(o);
      else if (o.end < offset && o.start !== s.objects[at].start) break;
    }
    return out;
  }

  dispose(): void {
    this.cache.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Documents worth scanning: real files and untitled buffers, not our own details view or output. */
export function isScannable(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled' || doc.uri.scheme === 'vscode-remote' || doc.uri.scheme === 'vscode-vfs';
}

export function rangeOf(doc: vscode.TextDocument, o: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(o.start), doc.positionAt(o.end));
}
