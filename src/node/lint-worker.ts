// Worker-thread entry (dist/lint-worker.js): parsing and linting never run on the extension host's thread.
import { parentPort } from 'node:worker_threads';
import { LintEngine } from './lint-engine';
import type { LintRequest } from './lint-protocol';

const engine = new LintEngine();
parentPort?.on('message', (req: LintRequest) => {
  parentPort!.postMessage(engine.handle(req));
});
