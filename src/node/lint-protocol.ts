// Messages between the extension host and the lint worker (dist/lint-worker.js).
import type { LintFinding } from '../core/lint/index';
import type { CompletionItem, Location } from '../core/lint/features';

export type LintRequest =
  | { id: number; type: 'update'; files: Array<{ path: string; text: string | null }> }
  | { id: number; type: 'lint' }
  | { id: number; type: 'hover'; path: string; offset: number }
  | { id: number; type: 'complete'; path: string; offset: number }
  | { id: number; type: 'definition'; path: string; offset: number };

export type LintResponse =
  | { id: number; type: 'update' }
  | { id: number; type: 'lint'; findings: LintFinding[]; files: string[]; ms: number }
  | { id: number; type: 'hover'; markdown?: string }
  | { id: number; type: 'complete'; items: CompletionItem[] }
  | { id: number; type: 'definition'; locations: Location[] }
  | { id: number; type: 'error'; message: string };
