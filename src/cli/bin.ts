// The `certwright` executable (dist/cli.js): runs main() with the process's arguments and streams.
import { main, type Io } from './main';

// `certwright inspect ... | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`certwright: ${e}\n`);
    process.exitCode = 2;
  },
);
