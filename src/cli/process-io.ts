// The process plumbing of the `certwright` executables: arguments, streams, exit code.
import type { Io } from './main';

/** Runs `run` with the process's arguments and streams; `... | head` closing the pipe early is not an error. */
export function runProcess(run: (argv: string[], io: Io) => Promise<number>, argv = process.argv.slice(2)): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
  run(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`certwright: ${e}\n`);
      process.exitCode = 2;
    },
  );
}
