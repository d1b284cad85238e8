// Entry of the integration tests inside VS Code (extensionTestsPath). Imports every test
// module (they register themselves per workspace) and runs the ones for this workspace.
import { runAll } from './harness';
import './install.test';
import './inspect.test';
import './author.test';
import './cluster.test';
import './lint.test';
import './scaffold.test';
import './restricted.test';
import './timeline.test';
import './first-hour.test';
// g14: after author.test (same workspace): Generate Vault PKI Setup linted clean, PKI hovers.
import './vault-setup.test';
// g14: after vault-setup.test (same workspace): hovers and diagnostics in .cnf, .ext and Vault Agent .hcl.
import './pki-files.test';
// g15: after lint.test (same workspace): the Gateway API quick fixes.
import './gateway-fixes.test';

export async function run(): Promise<void> {
  await runAll();
}
