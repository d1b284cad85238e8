// The linter of VS Code for the Web, in a web worker: the pure core, no Node and no `vscode`.
// Receives every open YAML document, answers with the findings (cross-file rules see them all).
import { lintTexts } from '../core/lint/index';
import type { WebLintRequest, WebLintResponse } from './lint-protocol';

declare const self: { onmessage: ((e: { data: WebLintRequest }) => void) | null; postMessage(m: WebLintResponse): void };

self.onmessage = (e) => {
  const { seq, files } = e.data;
  try {
    self.postMessage({ seq, findings: lintTexts(files) });
  } catch (err) {
    // The core does not throw on bad input; this keeps the worker answering if it ever does.
    self.postMessage({ seq, error: String((err as Error)?.message ?? err) });
  }
};
