// The process plumbing of the `certwright` executables: arguments, streams, exit code.
import { writeSync } from 'node:fs';
import type { Io } from './main';

/** The process's stdout or stderr stream, with `... | head` closing the pipe early not an error. */
function stream(fd: 1 | 2): NodeJS.WriteStream {
  const s = fd === 1 ? process.stdout : process.stderr;
  if (!s.listenerCount('error')) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  return s;
}

/**
 * Writes to a file descriptor directly (fs.writeSync), without creating process.stdout: for a
 * pipe that stream loads net and the stream machinery, a fixed cost that matters to `verify`
 * (raced against openssl). A non-blocking descriptor that is full (EAGAIN) hands this and every
 * later write to the stream, in order; a closed pipe (EPIPE) ends the process as the stream would.
 */
function fdWriter(fd: 1 | 2): (s: string) => void {
  let viaStream = false;
  return (s) => {
    if (viaStream) { stream(fd).write(s); return; }
    const b = Buffer.from(s, 'utf8');
    for (let off = 0; off < b.length; ) {
      try {
        off += writeSync(fd, b, off);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
        if (code !== 'EAGAIN') throw e;
        viaStream = true;
        stream(fd).write(b.subarray(off));
        return;
      }
    }
  };
}

/**
 * Runs `run` with the process's arguments and streams; `... | head` closing the pipe early is
 * not an error. `direct`: write through the file descriptors (see fdWriter).
 */
export function runProcess(run: (argv: string[], io: Io) => Promise<number>, argv = process.argv.slice(2), direct = false): void {
  const io: Io = direct
    ? { out: fdWriter(1), err: fdWriter(2) }
    : { out: (s) => stream(1).write(s), err: (s) => stream(2).write(s) };
  if (!direct) { stream(1); stream(2); }
  run(argv, io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      io.err(`certwright: ${e}\n`);
      process.exitCode = 2;
    },
  );
}
