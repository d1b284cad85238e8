// The linter with state: file texts, per-file parse cache, last findings. Runs inside the
// lint worker (and directly in tests and benchmarks).
import { completionsAt, definitionAt, hoverAt } from '../core/lint/features';
import { lintWorkspace, LintFinding, Workspace } from '../core/lint/index';
import type { ParsedFile } from '../core/lint/model';
import type { LintRequest, LintResponse } from './lint-protocol';

export class LintEngine {
  private readonly texts = new Map<string, string>();
  private readonly cache = new Map<string, ParsedFile>();
  private ws: Workspace | undefined;
  private findings: LintFinding[] = [];

  update(files: Array<{ path: string; text: string | null }>): void {
    for (const f of files) {
      if (f.text === null) { this.texts.delete(f.path); this.cache.delete(f.path); }
      else this.texts.set(f.path, f.text);
    }
    this.ws = undefined;
  }

  workspace(): Workspace {
    this.ws ??= new Workspace([...this.texts].map(([path, text]) => ({ path, text })), this.cache);
    return this.ws;
  }

  lint(): LintFinding[] {
    this.findings = lintWorkspace(this.workspace());
    return this.findings;
  }

  handle(req: LintRequest): LintResponse {
    try {
      switch (req.type) {
        case 'update':
          this.update(req.files);
          return { id: req.id, type: 'update' };
        case 'lint': {
          const t0 = performance.now();
          const findings = this.lint();
          return { id: req.id, type: 'lint', findings, files: [...this.texts.keys()], ms: performance.now() - t0 };
        }
        case 'hover': {
          const file = this.workspace().files.get(req.path);
          return { id: req.id, type: 'hover', markdown: file ? hoverAt(this.workspace(), file, req.offset, this.findings) : undefined };
        }
        case 'complete': {
          const file = this.workspace().files.get(req.path);
          return { id: req.id, type: 'complete', items: file ? completionsAt(this.workspace(), file, req.offset) : [] };
        }
        case 'definition': {
          const file = this.workspace().files.get(req.path);
          return { id: req.id, type: 'definition', locations: file ? definitionAt(this.workspace(), file, req.offset) : [] };
        }
      }
    } catch (e) {
      return { id: req.id, type: 'error', message: (e as Error).message };
    }
  }
}
