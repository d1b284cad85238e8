// `certwright verify` on its own (dist/cli-verify.js, loaded by dist/cli.js): a bundle of a
// thirtieth of the full one, because CI runs verify over many files and startup counts. The same
// bundle is the worker thread of a run over many files (src/cli/verify-parallel.ts).
import { main } from './main-verify';
import { runProcess } from './process-io';
import { validatorFor, verifyRange } from './verify';
import { runVerifyWorker, useVerifyWorker, VERIFY_WORKER_ARG } from './verify-parallel';

if (process.argv[2] === VERIFY_WORKER_ARG) {
  void runVerifyWorker(validatorFor, verifyRange);
} else {
  // The worker starts as this process did (dist/cli.js: the code cache), or as this bundle.
  useVerifyWorker(require.main?.filename ?? __filename);
  // Output through the file descriptors: no stream objects to set up before the first file.
  runProcess(main, process.argv.slice(2), true);
}
