// `certwright timeline [--format svg|html] [--out FILE] PATH...`: the certificate timeline of
// files and folders (the chart the editor's "Show Certificate Timeline" shows) for CI artifacts.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { buildForest, type InventoryItem } from '../core/chain';
import { LineIndex } from '../core/lines';
import type { Manifest } from '../core/lint/model';
import { scanBytes } from '../core/scan';
import { layoutTimeline, timelineHtml, timelineItems, timelineSvg } from '../core/timeline';
import { parseYaml } from '../core/workspace-objects';
import { nodeContainers } from '../node/containers-bundle';
import { expandPaths } from '../node/files';
import { nodeHasher, nodeSignatureVerifier } from '../node/platform';
import { parseArgs, UsageError } from './args';
import type { Io } from './main';

export const TIMELINE_HELP = `Usage: certwright timeline [--format svg|html] [--out FILE] [--now ISO-TIME] [--warning-days N]
                          [--password-file FILE] PATH...

Draws every certificate in the given files and folders (PEM, DER, YAML Secrets, keystores) as a
bar from notBefore to notAfter, each CA above the certificates it signs, and every cert-manager
Certificate manifest by its planned lifetime (duration from now, with its renewal point), with
a line for today and colours for expired, expiring and valid.

Options:
  --format svg|html   an SVG image (default), or an HTML page with the SVG and filters
  --out FILE          write to FILE instead of standard output
  --now ISO-TIME      draw as of this time instead of now
  --warning-days N    "expiring" window (default 30)
  --password-file F   password of PKCS#12/JKS keystores (first line of F)

Exit status: 0 written, 2 usage or I/O error.`;

const display = (file: string) => (file.startsWith('/') ? file : relative(process.cwd(), file) || file);

export async function timeline(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { options: ['format', 'out', 'now', 'warning-days', 'password-file'] });
  if (args.flags.has('help')) { io.out(TIMELINE_HELP + '\n'); return 0; }
  if (!args.positionals.length) throw new UsageError('timeline needs at least one file or folder');
  const format = args.options.get('format') ?? 'svg';
  if (format !== 'svg' && format !== 'html') throw new UsageError(`--format must be svg or html, not "${format}"`);
  const now = args.options.has('now') ? new Date(args.options.get('now')!) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now: not a date: ${args.options.get('now')}`);
  const warningDays = Number(args.options.get('warning-days') ?? 30);
  if (!Number.isFinite(warningDays) || warningDays < 0) throw new UsageError('--warning-days must be a number of days');
  let password: string | undefined;
  let files: string[];
  try {
    if (args.options.has('password-file')) password = readFileSync(args.options.get('password-file')!, 'utf8').split(/\r?\n/)[0];
    files = expandPaths(args.positionals);
  } catch (e) {
    io.err(`certwright timeline: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? `no such file: ${(e as NodeJS.ErrnoException).path ?? ''}` : (e as Error).message}\n`);
    return 2;
  }
  const items: InventoryItem[] = [];
  const manifests: Manifest[] = [];
  let ioErrors = 0;
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      io.err(`certwright timeline: cannot read ${display(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      ioErrors++;
      continue;
    }
    const shown = display(file);
    const scan = scanBytes(bytes, { hasher: nodeHasher, containers: nodeContainers(password) });
    const lines = scan.text !== undefined ? new LineIndex(scan.text) : undefined;
    for (const o of scan.objects) {
      if (o.result.ok && o.result.object.type === 'certificate') {
        items.push({ object: o.result.object, locations: [{ file: shown, start: o.start, end: o.end, line: lines ? lines.position(o.start).line : 0, key: o.key }] });
      }
    }
    if (/\.ya?ml$/i.test(file) && scan.text !== undefined) manifests.push(...parseYaml(shown, scan.text).manifests);
  }
  const forest = await buildForest(items, nodeSignatureVerifier);
  const all = timelineItems({ forest, where: (n) => n.item.locations.map((l) => `${l.file}:${l.line + 1}`).join(', '), manifests, now: now.getTime() });
  const layout = layoutTimeline(all, { now: now.getTime(), warningDays });
  const text = format === 'svg' ? timelineSvg(layout) + '\n' : timelineHtml(layout, { nonce: randomBytes(16).toString('base64'), title: 'Certificate timeline' });
  const out = args.options.get('out');
  if (out !== undefined) {
    try {
      writeFileSync(out, text);
    } catch (e) {
      io.err(`certwright timeline: cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    io.err(`certwright timeline: ${layout.rows.length} certificate${layout.rows.length === 1 ? '' : 's'} drawn to ${out}\n`);
  } else io.out(text);
  return ioErrors ? 2 : 0;
}
