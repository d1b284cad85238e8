// main() for the verify-only bundle: the same errors and exit codes as main() for `verify`.
import { runCommand } from './args';
import type { Io } from './main';
import { verifyCommand, VERIFY_HELP } from './verify';

export function main(argv: string[], io: Io): Promise<number> {
  return runCommand('verify', VERIFY_HELP, verifyCommand, argv.slice(1), io);
}
