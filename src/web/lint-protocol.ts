// Messages between the web extension (src/web/lint.ts) and its lint worker (src/web/lint-worker.ts).
import type { LintFinding, LintInput } from '../core/lint/index';

export interface WebLintRequest {
  seq: number;
  files: LintInput[];
}

export type WebLintResponse = { seq: number; findings: LintFinding[] } | { seq: number; error: string };
