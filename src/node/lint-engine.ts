// The linter with state: file texts, per-file parse cache, last findings. Runs inside the
// language server (src/node/lsp/server.ts), and directly in tests and benchmarks.
import { completionsAt, definitionAt, hoverAt } from '../core/lint/features';
import { lintWorkspaceSteps, LintFinding, Workspace } from '../core/lint/index';
import { parseFileSteps } from '../core/lint/model';
import { runSteps } from '../core/steps';
import type { ParsedFile } from '../core/lint/model';
import type { LintRequest, LintResponse, TextChange } from './lint-protocol';

export class LintEngine {
  private readonly texts = new Map<string, string>();
  private readonly cache = new Map<string, ParsedFile>();
  private ws: Workspace | undefined;
  private findings: LintFinding[] = [];
  /** The workspace `findings` were made from (a lint with nothing changed since returns them). */
  private lintedWs: Workspace | undefined;
  private readonly parts = new Map<string, string[]>();
  /** Files whose text changed since they were last parsed (`parseSteps` parses them one by one). */
  private readonly dirty = new Set<string>();

  /** The text the engine has for a file, if any. */
  text(path: string): string | undefined {
    return this.texts.get(path);
  }

  paths(): string[] {
    return [...this.texts.keys()];
  }

  /** Sets (or, with `null`, forgets) one file's text. */
  set(path: string, text: string | null): void {
    this.update([{ path, text }]);
  }

  /** Work done so far (the language server's `certwright/stats`): counted, not timed. */
  readonly stats = { parsedChunks: 0, madeObjects: 0, checkedObjects: 0, ruleFamilies: 0 };

  /**
   * Parses the changed files, pausing after each YAML document, so a caller running the steps in
   * slices can stop (cancellation, a newer edit) in the middle of a big file; `lint()` then only
   * re-runs the rules. A file whose parse was stopped is parsed again from its text next time.
   */
  *parseSteps(): Generator<void, void, void> {
    for (const path of [...this.dirty]) {
      const text = this.texts.get(path);
      // The one-file parse fills the cache; the real workspace reuses it (or re-parses a kustomize-patched file).
      if (text !== undefined && /\.ya?ml$/i.test(path)) {
        const prev = this.cache.get(path);
        if (!prev || prev.text !== text) {
          const usable = prev && !prev.manifests.some((m) => m.partial) ? prev : undefined;
          // Until this parse ends, the previous one may be half-moved (see parseFileSteps): not kept.
          this.cache.delete(path);
          const steps = parseFileSteps(path, text, undefined, usable);
          for (;;) {
            const r = steps.next();
            if (r.done) { this.cache.set(path, r.value); break; }
            if (r.value === 'parsed') this.stats.parsedChunks++; else this.stats.madeObjects++;
            yield;
          }
        }
      }
      this.dirty.delete(path);
      yield;
    }
  }

  /** Parses what changed, then runs the rules: pauses after each document and each object checked. */
  *lintSteps(): Generator<void, LintFinding[], void> {
    // Nothing changed since the last complete lint (same workspace, nothing to parse): its findings stand.
    if (!this.dirty.size && this.ws && this.lintedWs === this.ws) return this.findings;
    yield* this.parseSteps();
    const ws = this.workspace();
    const steps = lintWorkspaceSteps(ws);
    for (;;) {
      const r = steps.next();
      if (r.done) { this.findings = r.value; this.lintedWs = ws; return r.value; }
      if (r.value === 'checked') this.stats.checkedObjects++; else this.stats.ruleFamilies++;
      yield;
    }
  }

  update(files: Array<{ path: string; text: string | null; bytes?: Uint8Array }>): void {
    let changed = false;
    for (const f of files) {
      const text = f.bytes ? new TextDecoder().decode(f.bytes) : f.text;
      // The same text again (an editor's no-op change, a watched file rewritten as it was): nothing to redo.
      if (text !== null && this.texts.get(f.path) === text) continue;
      changed = true;
      if (text === null) { this.texts.delete(f.path); this.cache.delete(f.path); this.dirty.delete(f.path); }
      else { this.texts.set(f.path, text); this.dirty.add(f.path); }
    }
    if (changed) this.ws = undefined;
  }

  /** Applies edits to a known text; false when it is unknown or ends up with another length. */
  edit(path: string, changes: TextChange[], length: number): boolean {
    let text = this.texts.get(path);
    if (text === undefined) return false;
    for (const c of changes) {
      if (c.offset < 0 || c.offset + c.length > text.length) { this.texts.delete(path); this.ws = undefined; return false; }
      text = text.slice(0, c.offset) + c.text + text.slice(c.offset + c.length);
    }
    if (text.length !== length) {
      // Out of step: forget the text until the sender sends it whole.
      this.texts.delete(path);
      this.ws = undefined;
      return false;
    }
    if (text === this.texts.get(path)) return true; // a no-op edit: nothing to redo
    this.texts.set(path, text);
    this.dirty.add(path);
    this.ws = undefined;
    return true;
  }

  /** Collects a large text sent in parts; the last part replaces the file's text. */
  append(path: string, text: string, first: boolean, last: boolean): void {
    const parts = first ? [] : this.parts.get(path) ?? [];
    parts.push(text);
    if (!last) { this.parts.set(path, parts); return; }
    this.parts.delete(path);
    this.update([{ path, text: parts.join('') }]);
  }

  /** The last workspace made: the next one takes over its indexes when only a few objects changed. */
  private lastWs: Workspace | undefined;

  workspace(): Workspace {
    if (!this.ws) {
      this.ws = new Workspace([...this.texts].map(([path, text]) => ({ path, text })), this.cache);
      if (this.lastWs) this.ws.reuseIndexes(this.lastWs);
      this.lastWs = this.ws;
    }
    return this.ws;
  }

  lint(): LintFinding[] {
    return runSteps(this.lintSteps());
  }

  handle(req: LintRequest): LintResponse {
    try {
      switch (req.type) {
        case 'update':
          this.update(req.files);
          return { id: req.id, type: 'update' };
        case 'edit':
          return { id: req.id, type: 'edit', ok: this.edit(req.path, req.changes, req.length) };
        case 'append':
          this.append(req.path, req.text, req.first, req.last);
          return { id: req.id, type: 'update' };
        case 'lint': {
          const t0 = performance.now();
          const findings = this.lint();
          return { id: req.id, type: 'lint', findings, files: [...this.texts.keys()], ms: performance.now() - t0 };
        }
        case 'hover': {
          const file = this.workspace().files.get(req.path);
          return { id: req.id, type: 'hover', markdown: hoverAt(this.workspace(), file ?? req.path, req.offset, this.findings) };
        }
        case 'complete': {
          const file = this.workspace().files.get(req.path);
          return { id: req.id, type: 'complete', items: file ? completionsAt(this.workspace(), file, req.offset) : [] };
        }
        case 'definition': {
          const ws = this.workspace();
          const file = ws.files.get(req.path);
          const locations = file ? definitionAt(ws, file, req.offset) : [];
          return { id: req.id, type: 'definition', locations: locations.map((l) => ({ ...l, ...ws.positions(l.file, l.start, l.end) })) };
        }
      }
    } catch (e) {
      return { id: req.id, type: 'error', message: (e as Error).message };
    }
  }
}
