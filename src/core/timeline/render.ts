// The certificate timeline drawn: rows laid out on a time axis, written as SVG (for
// `certwright timeline --format svg`) or as one HTML page with that SVG, filters and a script
// (`--format html`, and the editor's webview, which passes its CSP source and a nonce). Text
// from certificates and manifests is escaped and stripped of what XML cannot hold; the page
// loads nothing remote and runs only the script carrying the nonce.
import { orderRows, statusOf, type TimelineItem, type TimelineStatus } from './model';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;
export const ROW_HEIGHT = 22;
const TOP = 46;
const LABEL_WIDTH = 330;
const RIGHT = 24;
const BOTTOM = 16;

export interface LayoutOptions {
  now: number;
  warningDays: number;
  width?: number;
}

export interface RowLayout {
  item: TimelineItem;
  depth: number;
  status: TimelineStatus;
  y: number;
  x0: number;
  x1: number;
  /** The bar runs on past the left or right edge of the chart. */
  clippedLeft: boolean;
  clippedRight: boolean;
  renewals: { x: number; at: number }[];
}

export interface TimelineLayout {
  width: number;
  height: number;
  chartLeft: number;
  chartRight: number;
  domain: [number, number];
  ticks: { x: number; label: string }[];
  todayX: number;
  rows: RowLayout[];
  now: number;
}

/**
 * The visible time range: every bar and today, but no more than a year back and two ahead (a
 * 10-year root would flatten 90-day leaves to slivers); bars running past an edge get an arrow,
 * and their tooltips keep the dates.
 */
function domainOf(items: TimelineItem[], now: number): [number, number] {
  let lo = now, hi = now;
  for (const i of items) {
    if (i.start < lo) lo = i.start;
    if (i.end > hi) hi = i.end;
  }
  lo = Math.max(lo, now - YEAR);
  hi = Math.min(hi, now + 2 * YEAR);
  const pad = Math.max((hi - lo) * 0.03, DAY);
  return [lo - pad, hi + pad];
}

function ticksOf(lo: number, hi: number, x: (t: number) => number): { x: number; label: string }[] {
  const span = hi - lo;
  const months = span > 6 * YEAR ? 12 : span > 2 * YEAR ? 6 : span > YEAR ? 3 : span > 120 * DAY ? 1 : 0;
  const out: { x: number; label: string }[] = [];
  if (months) {
    const d = new Date(lo);
    let y = d.getUTCFullYear(), m = Math.ceil((d.getUTCMonth() + (d.getUTCDate() > 1 ? 1 : 0)) / months) * months;
    for (let i = 0; i < 200; i++) {
      const t = Date.UTC(y + Math.floor(m / 12), m % 12, 1);
      if (t > hi) break;
      if (t >= lo) out.push({ x: x(t), label: months === 12 ? String(new Date(t).getUTCFullYear()) : new Date(t).toISOString().slice(0, 7) });
      m += months;
    }
    return out;
  }
  const step = span > 40 * DAY ? 7 * DAY : span > 10 * DAY ? 2 * DAY : DAY;
  for (let t = Math.ceil(lo / DAY) * DAY, i = 0; t <= hi && i < 200; t += step, i++) out.push({ x: x(t), label: new Date(t).toISOString().slice(5, 10) });
  return out;
}

export function layoutTimeline(items: TimelineItem[], opts: LayoutOptions): TimelineLayout {
  const width = Math.max(640, opts.width ?? 1200);
  const chartLeft = LABEL_WIDTH, chartRight = width - RIGHT;
  const [lo, hi] = domainOf(items, opts.now);
  const x = (t: number) => chartLeft + ((t - lo) / (hi - lo)) * (chartRight - chartLeft);
  const clampX = (t: number) => Math.min(chartRight, Math.max(chartLeft, x(t)));
  const rows = orderRows(items).map(({ item, depth }, i): RowLayout => ({
    item, depth, status: statusOf(item, opts.now, opts.warningDays), y: TOP + i * ROW_HEIGHT,
    x0: clampX(item.start), x1: Math.max(clampX(item.end), clampX(item.start) + 2),
    clippedLeft: item.start < lo, clippedRight: item.end > hi,
    renewals: item.renewals.filter((t) => t >= lo && t <= hi).map((t) => ({ x: x(t), at: t })),
  }));
  return {
    width, height: TOP + rows.length * ROW_HEIGHT + BOTTOM, chartLeft, chartRight, domain: [lo, hi],
    ticks: ticksOf(lo, hi, x).filter((t) => t.x <= chartRight - 40), todayX: x(opts.now), rows, now: opts.now,
  };
}

/** Text made safe for XML: the five special characters escaped, characters XML 1.0 cannot hold replaced. */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '?')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const r1 = (n: number) => Math.round(n * 10) / 10;

const STATUS_TEXT: Record<TimelineStatus, string> = {
  expired: 'expired', expiring: 'expiring soon', valid: 'valid', 'not-yet-valid': 'not yet valid', planned: 'planned (manifest)',
};

/** Truncates a label to about `n` characters (by code points, so no surrogate is split). */
function truncate(s: string, n: number): string {
  const cps = [...s];
  return cps.length > n ? cps.slice(0, n - 1).join('') + '…' : s;
}

/** Fixed colours for the SVG file; the webview restyles the same classes with the theme's colours. */
export const SVG_STYLE = `
.tl-bg{fill:#ffffff}.tl-text{font:12px sans-serif;fill:#1f2328}.tl-ca{font-weight:bold}.tl-muted{fill:#656d76}
.tl-grid{stroke:#d0d7de;stroke-width:1}.tl-today{stroke:#cf222e;stroke-width:1.5;stroke-dasharray:4 3}
.bar{stroke-width:1}.st-valid{fill:#2da44e;stroke:#1a7f37}.st-expiring{fill:#d4a72c;stroke:#9a6700}
.st-expired{fill:#cf222e;stroke:#a40e26}.st-not-yet-valid{fill:#8c959f;stroke:#6e7781}
.st-planned{fill:#54aeff;stroke:#0969da;stroke-dasharray:4 2;fill-opacity:.55}
.renew{fill:#ffffff;stroke:#1f2328;stroke-width:1.2}.clip{fill:#1f2328}.row:hover .bar{stroke-width:2.5}`;

/** The chart as an SVG element. `standalone` adds the XML declaration and the fixed style. */
export function timelineSvg(layout: TimelineLayout, standalone = true): string {
  const { width, height, chartLeft, chartRight, rows } = layout;
  const out: string[] = [];
  if (standalone) out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Certificate timeline: ${rows.length} certificates">`);
  if (standalone) out.push(`<style>${SVG_STYLE}</style>`, `<rect class="tl-bg" x="0" y="0" width="${width}" height="${height}"/>`);
  out.push(`<text class="tl-text tl-muted" x="8" y="18">${rows.length} certificate${rows.length === 1 ? '' : 's'} · today ${new Date(layout.now).toISOString().slice(0, 10)}</text>`);
  out.push('<g class="axis">');
  for (const t of layout.ticks) {
    out.push(`<line class="tl-grid" x1="${r1(t.x)}" y1="30" x2="${r1(t.x)}" y2="${height - BOTTOM}"/>`, `<text class="tl-text tl-muted" x="${r1(t.x + 3)}" y="40">${xmlText(t.label)}</text>`);
  }
  out.push('</g>');
  out.push('<g class="rows">');
  for (const r of rows) {
    const i = r.item;
    const search = `${i.label} ${i.detail.join(' ')}`.toLowerCase();
    out.push(`<g class="row" data-id="${xmlText(i.id)}" data-status="${r.status}" data-origin="${i.origin}" data-search="${xmlText(search)}" transform="translate(0,${r.y})">`);
    out.push(`<title>${xmlText([...i.detail, STATUS_TEXT[r.status]].join('\n'))}</title>`);
    const indent = 8 + r.depth * 14;
    out.push(`<text class="tl-text${i.isCA ? ' tl-ca' : ''}" x="${indent}" y="15">${xmlText(truncate((i.isCA ? '◆ ' : '') + i.label, Math.max(8, 44 - r.depth * 2)))}</text>`);
    out.push(`<rect class="bar st-${r.status}" data-id="${xmlText(i.id)}" x="${r1(r.x0)}" y="4" width="${r1(Math.max(2, r.x1 - r.x0))}" height="${ROW_HEIGHT - 8}" rx="3"/>`);
    if (r.clippedLeft) out.push(`<path class="clip" d="M${r1(chartLeft - 2)},11 l6,-5 v10 z"/>`);
    if (r.clippedRight) out.push(`<path class="clip" d="M${r1(chartRight + 2)},11 l-6,-5 v10 z"/>`);
    for (const n of r.renewals) out.push(`<path class="renew" d="M${r1(n.x)},5 l6,6 l-6,6 l-6,-6 z"><title>renews ${new Date(n.at).toISOString().slice(0, 10)}</title></path>`);
    out.push('</g>');
  }
  out.push('</g>');
  out.push(`<line class="tl-today" x1="${r1(layout.todayX)}" y1="26" x2="${r1(layout.todayX)}" y2="${height - BOTTOM + 4}"/>`);
  out.push(`<text class="tl-text tl-today-label" x="${r1(layout.todayX + 4)}" y="28">today</text>`);
  out.push('</svg>');
  return out.join('\n');
}

export interface HtmlOptions {
  /** A fresh random value per page: the only script and style that run carry it. */
  nonce: string;
  /** The webview's `cspSource` (none for a file). */
  cspSource?: string;
  title?: string;
}

/** The webview restyles the SVG's classes with VS Code's theme colours (the file keeps SVG_STYLE). */
const PAGE_STYLE = `
body{margin:0;padding:8px 12px;font:13px var(--vscode-font-family,sans-serif);color:var(--vscode-foreground,#1f2328);background:var(--vscode-editor-background,#fff)}
.controls{display:flex;gap:8px;align-items:center;margin:4px 0 8px}
.controls input,.controls select{font:inherit;color:inherit;background:var(--vscode-input-background,#fff);border:1px solid var(--vscode-input-border,#d0d7de);padding:3px 6px}
.legend span{margin-right:10px}.legend i{display:inline-block;width:18px;height:9px;margin-right:4px;border-radius:2px}
.tl-bg{fill:transparent}.tl-text{font:12px var(--vscode-font-family,sans-serif);fill:var(--vscode-foreground,#1f2328)}.tl-muted{fill:var(--vscode-descriptionForeground,#656d76)}
.row{cursor:pointer}.row:focus{outline:1px solid var(--vscode-focusBorder,#0969da)}
.i-valid{background:#2da44e}.i-expiring{background:#d4a72c}.i-expired{background:#cf222e}.i-not-yet-valid{background:#8c959f}.i-planned{background:#54aeff}`;

/** The page script: filters (text, status), click to reveal, and a report of what it drew. */
const SCRIPT = `
(function () {
  var api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  var post = function (m) { if (api) api.postMessage(m); };
  var svg = document.querySelector('svg.timeline');
  var rows = Array.prototype.slice.call(document.querySelectorAll('g.row'));
  var text = document.getElementById('filter-text');
  var status = document.getElementById('filter-status');
  var count = document.getElementById('count');
  var H = ${ROW_HEIGHT}, TOP = ${TOP}, BOTTOM = ${BOTTOM};
  function apply() {
    var q = text.value.trim().toLowerCase(), s = status.value, y = TOP, n = 0;
    rows.forEach(function (r) {
      var show = (!q || r.getAttribute('data-search').indexOf(q) >= 0) && (s === 'all' || r.getAttribute('data-status') === s || (s === 'attention' && /^(expired|expiring)$/.test(r.getAttribute('data-status'))));
      r.setAttribute('display', show ? 'inline' : 'none');
      if (show) { r.setAttribute('transform', 'translate(0,' + y + ')'); y += H; n++; }
    });
    var h = y + BOTTOM;
    svg.setAttribute('height', h);
    svg.setAttribute('viewBox', '0 0 ' + svg.getAttribute('width') + ' ' + h);
    Array.prototype.forEach.call(svg.querySelectorAll('.tl-grid,.tl-today'), function (l) { l.setAttribute('y2', h - BOTTOM + 4); });
    count.textContent = n + ' of ' + rows.length + ' shown';
    return n;
  }
  text.addEventListener('input', function () { post({ type: 'filtered', visible: apply() }); });
  status.addEventListener('change', function () { post({ type: 'filtered', visible: apply() }); });
  rows.forEach(function (r) {
    r.setAttribute('tabindex', '0');
    r.addEventListener('click', function () { post({ type: 'reveal', id: r.getAttribute('data-id') }); });
    r.addEventListener('keydown', function (e) { if (e.key === 'Enter') post({ type: 'reveal', id: r.getAttribute('data-id') }); });
  });
  window.addEventListener('message', function (e) {
    var m = e.data || {};
    if (m.type === 'filter') {
      if (typeof m.text === 'string') text.value = m.text;
      if (typeof m.status === 'string') status.value = m.status;
      post({ type: 'filtered', visible: apply() });
    } else if (m.type === 'click') {
      var r = rows.filter(function (x) { return x.getAttribute('data-id') === m.id; })[0];
      if (r) r.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    }
  });
  var visible = apply();
  post({ type: 'rendered', bars: document.querySelectorAll('rect.bar').length, rows: rows.length, visible: visible });
})();`;

export function timelineHtml(layout: TimelineLayout, opts: HtmlOptions): string {
  const nonce = xmlText(opts.nonce);
  const csp = [`default-src 'none'`, `style-src ${opts.cspSource ? `${opts.cspSource} ` : ''}'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`].join('; ');
  const legend = (['valid', 'expiring', 'expired', 'not-yet-valid', 'planned'] as TimelineStatus[]).map((s) => `<span><i class="i-${s}"></i>${STATUS_TEXT[s]}</span>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${xmlText(opts.title ?? 'Certificate timeline')}</title>
<style nonce="${nonce}">${SVG_STYLE}${PAGE_STYLE}</style>
</head>
<body>
<div class="controls">
<input id="filter-text" type="search" placeholder="Filter by name, subject, file" aria-label="Filter by text">
<select id="filter-status" aria-label="Filter by status">
<option value="all">All</option><option value="attention">Expired or expiring</option><option value="expired">Expired</option><option value="expiring">Expiring soon</option><option value="valid">Valid</option><option value="not-yet-valid">Not yet valid</option><option value="planned">Planned (manifests)</option>
</select>
<span id="count"></span>
</div>
<div class="legend">${legend}<span>◇ renewal</span><span>◆ CA</span></div>
${timelineSvg(layout, false)}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}
