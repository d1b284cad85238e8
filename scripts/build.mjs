// Bundles the extension, the CLI and the test suites with esbuild.
// Usage: node scripts/build.mjs [--watch] [--production] [--no-tests]
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const production = args.has('--production');
const withTests = !args.has('--no-tests') && !production;
const root = new URL('..', import.meta.url).pathname;

function walk(dir, pred, out = []) {
  let entries = [];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, pred, out);
    else if (pred(p)) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  sourcemap: production ? false : 'linked',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: [join(root, 'src/extension.ts')],
    outfile: join(root, 'dist/extension.js'),
    external: ['vscode'],
    minify: true,
    metafile: true,
  },
  {
    // The authoring core, loaded by the extension only when an authoring command runs.
    ...common,
    entryPoints: [join(root, 'src/vscode/author/bundle.ts')],
    outfile: join(root, 'dist/author.js'),
    minify: true,
  },
  {
    // The scaffold templates: loaded by the extension only when the scaffold command runs.
    ...common,
    entryPoints: [join(root, 'src/vscode/scaffold-bundle.ts')],
    outfile: join(root, 'dist/scaffold.js'),
    minify: true,
  },
  {
    // The certificate timeline (chart and YAML parser): loaded by the extension when it first opens.
    ...common,
    entryPoints: [join(root, 'src/vscode/timeline-bundle.ts')],
    outfile: join(root, 'dist/timeline.js'),
    minify: true,
  },
  {
    // Keystores and bundles (PKCS#12 with the @peculiar ASN.1 libraries, JKS, PKCS#7): loaded by
    // the extension the first time it meets one.
    ...common,
    entryPoints: [join(root, 'src/node/containers-bundle.ts')],
    outfile: join(root, 'dist/containers.js'),
    minify: true,
  },
  {
    // The extension's language client, in two bundles that src/vscode/lint.ts loads on two later
    // ticks than activate() (no single load blocks the extension host for long): the protocol
    // (vscode-languageserver-protocol with vscode-jsonrpc and vscode-languageserver-types), then
    // vscode-languageclient itself, which takes those three packages from the first bundle.
    ...common,
    entryPoints: [join(root, 'node_modules/vscode-languageserver-protocol/lib/node/main.js')],
    outfile: join(root, 'dist/lsp-protocol.js'),
    minify: true,
  },
  {
    ...common,
    entryPoints: [join(root, 'src/vscode/lint-client.ts')],
    outfile: join(root, 'dist/lint-client.js'),
    external: ['vscode'],
    minify: true,
    plugins: [{
      name: 'protocol-from-its-bundle',
      setup(b) {
        // The node entry of each of the three packages (vscode-languageserver-protocol/node
        // re-exports the other two): all served by dist/lsp-protocol.js, next to this bundle.
        b.onResolve({ filter: /^vscode-(languageserver-protocol|jsonrpc|languageserver-types)(\/node)?$/ }, () => ({ path: './lsp-protocol.js', external: true }));
      },
    }],
  },
  {
    // The language server (`certwright lsp`, and the VS Code extension's client): loaded on demand.
    ...common,
    entryPoints: [join(root, 'src/node/lsp/main.ts')],
    outfile: join(root, 'dist/lsp.js'),
    minify: production,
  },
  {
    // The CLI: dist/cli.js is a launcher that loads dist/cli-verify.js for `verify` (small, for
    // fast starts over many files) and dist/cli-main.js for everything else.
    ...common,
    entryPoints: [join(root, 'src/cli/launcher.ts')],
    outfile: join(root, 'dist/cli.js'),
    banner: { js: '#!/usr/bin/env node' },
    minify: production,
  },
  {
    ...common,
    entryPoints: [join(root, 'src/cli/bin.ts')],
    outfile: join(root, 'dist/cli-main.js'),
    minify: production,
  },
  {
    ...common,
    entryPoints: [join(root, 'src/cli/verify-bin.ts')],
    outfile: join(root, 'dist/cli-verify.js'),
    // Always minified: `verify` over many files is raced against openssl, and parsing counts.
    minify: true,
  },
  {
    // The Cluster view (with @kubernetes/client-node): loaded by the extension on first use only.
    ...common,
    entryPoints: [join(root, 'src/vscode/cluster/view.ts')],
    outfile: join(root, 'dist/cluster.js'),
    external: ['vscode'],
    minify: true,
  },
  {
    // VS Code for the Web (package.json `browser`): the browser's extension host is a web worker,
    // with no Node built-ins; esbuild fails the build if anything imports one.
    ...common,
    platform: 'browser',
    target: 'es2022',
    entryPoints: [join(root, 'src/web/extension.ts')],
    outfile: join(root, 'dist/web/extension.js'),
    external: ['vscode'],
    minify: true,
    metafile: true,
  },
  {
    // Its linter: the pure core in a web worker.
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    entryPoints: [join(root, 'src/web/lint-worker.ts')],
    outfile: join(root, 'dist/web/lint-worker.js'),
    minify: true,
  },
];

if (withTests) {
  rmSync(join(root, 'out'), { recursive: true, force: true });
  for (const layer of ['unit', 'interop']) {
    const entries = walk(join(root, 'test', layer), (p) => p.endsWith('.test.ts'));
    if (entries.length) {
      builds.push({
        ...common,
        entryPoints: entries,
        outdir: join(root, 'out/test', layer),
        outbase: join(root, 'test', layer),
        sourcemap: 'inline',
      });
    }
  }
  builds.push({
    ...common,
    entryPoints: [join(root, 'test/integration/screenshot/index.ts')],
    outfile: join(root, 'out/test/integration/screenshot.js'),
    external: ['vscode'],
    sourcemap: false,
  });
  builds.push({
    // The secret-hygiene sweep, run by test/integration/runner.mjs after each workspace.
    ...common,
    entryPoints: [join(root, 'test/integration/secret-sweep.ts')],
    outfile: join(root, 'out/test/integration/secret-sweep.js'),
    sourcemap: false,
  });
  builds.push({
    // The web extension's suite: runs in the browser's extension host (a web worker), no Node.
    ...common,
    platform: 'browser',
    target: 'es2022',
    entryPoints: [join(root, 'test/integration/web/index.ts')],
    outfile: join(root, 'out/test/integration/web.js'),
    external: ['vscode'],
    sourcemap: 'inline',
  });
  const suite = walk(join(root, 'test/integration/suite'), (p) => p.endsWith('.ts'));
  if (suite.length) {
    builds.push({
      ...common,
      entryPoints: [join(root, 'test/integration/suite/index.ts')],
      outfile: join(root, 'out/test/integration/index.js'),
      external: ['vscode'],
      sourcemap: 'inline',
    });
  }
}

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('watching for changes...');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  const ext = results[0].metafile;
  if (ext) {
    const out = Object.entries(ext.outputs).find(([k]) => k.endsWith('extension.js'));
    if (out) console.log(`dist/extension.js: ${(out[1].bytes / 1024).toFixed(0)} KiB`);
  }
  console.log(`built ${builds.length} bundles${withTests ? ' (with tests)' : ''} in ${relative(process.cwd(), root) || '.'}`);
}
