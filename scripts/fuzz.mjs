// `npm run fuzz`: bundles test/fuzz/run.ts and runs the long fuzzing pass (arguments pass through).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.cache', 'fuzz', 'run.js');
await esbuild.build({ entryPoints: [join(root, 'test/fuzz/run.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: out, logLevel: 'warning' });
const r = spawnSync(process.execPath, ['--max-old-space-size=2048', out, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, CERTWRIGHT_ROOT: root } });
process.exit(r.status ?? 1);
