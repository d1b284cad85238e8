// Entry of dist/timeline.js: the certificate timeline's items, layout and page (with the YAML
// parser for cert-manager manifests), loaded by the extension the first time the timeline opens.
import type { Forest, ChainNode } from '../core/chain';
import { layoutTimeline, timelineHtml, timelineItems, type ClusterTimelineInput, type TimelineItem } from '../core/timeline';
import { parseYaml } from '../core/workspace-objects';

export interface TimelineInputs {
  forest: Forest;
  where: (n: ChainNode) => string;
  /** cert-manager YAML texts by path (URI string). */
  yaml: { path: string; text: string }[];
  manifestWhere: (file: string, line: number) => string;
  cluster?: ClusterTimelineInput;
  now: number;
  warningDays: number;
  nonce: string;
  cspSource: string;
}

/** The items and the page that draws them. */
export function timelinePage(i: TimelineInputs): { items: TimelineItem[]; html: string } {
  const manifests = i.yaml.flatMap((y) => parseYaml(y.path, y.text).manifests);
  const items = timelineItems({ forest: i.forest, where: i.where, manifests, manifestWhere: i.manifestWhere, cluster: i.cluster, now: i.now });
  const layout = layoutTimeline(items, { now: i.now, warningDays: i.warningDays });
  return { items, html: timelineHtml(layout, { nonce: i.nonce, cspSource: i.cspSource, title: 'Certificate Timeline' }) };
}
