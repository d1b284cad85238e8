// Requests to a LintEngine as messages (LintEngine.handle): what tests and tools send it.
import type { LintFinding, Positions } from '../core/lint/index';
import type { CompletionItem, Location } from '../core/lint/features';

/** One of VS Code's contentChanges: `length` characters at `offset` replaced by `text`. */
export interface TextChange { offset: number; length: number; text: string }

export type LintRequest =
  /** New texts (`null`: the file is gone); `bytes` (UTF-8, transferred, not copied) instead of `text` for files read from disk. */
  | { id: number; type: 'update'; files: Array<{ path: string; text: string | null; bytes?: Uint8Array }> }
  /** Edits to a text the worker has (VS Code's contentChanges, applied in order); `length` is the length after them. */
  | { id: number; type: 'edit'; path: string; changes: TextChange[]; length: number }
  /** A large text in parts, so no single message blocks the sender: the last part makes it current. */
  | { id: number; type: 'append'; path: string; text: string; first: boolean; last: boolean }
  | { id: number; type: 'lint' }
  | { id: number; type: 'hover'; path: string; offset: number }
  | { id: number; type: 'complete'; path: string; offset: number }
  | { id: number; type: 'definition'; path: string; offset: number };

export type LintResponse =
  | { id: number; type: 'update' }
  /** `ok: false`: the worker did not have the text, or it came out with another length: send it whole. */
  | { id: number; type: 'edit'; ok: boolean }
  | { id: number; type: 'lint'; findings: LintFinding[]; files: string[]; ms: number }
  | { id: number; type: 'hover'; markdown?: string }
  | { id: number; type: 'complete'; items: CompletionItem[] }
  | { id: number; type: 'definition'; locations: Array<Location & Positions> }
  | { id: number; type: 'error'; message: string };
