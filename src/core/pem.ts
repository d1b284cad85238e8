// Finds PEM armor in any text: plain files, YAML block scalars (indented), JSON strings with
// `\n` escapes, and string literals in source code ("..." + "..." concatenations included).

export interface PemBlock {
  label: string;
  /** Offset of `-----BEGIN`. */
  start: number;
  /** Offset just past the closing `-----` of the END line (or the BEGIN line when END is missing). */
  end: number;
  bodyStart: number;
  bodyEnd: number;
  /** An armor problem: missing END line, END label differs from BEGIN. */
  armorError?: string;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const LABEL_RE = /^[A-Z0-9][A-Z0-9 .#_-]{0,60}$/;

export function findPemBlocks(text: string, limit = 200_000): PemBlock[] {
  const blocks: PemBlock[] = [];
  // Next occurrences are remembered so each marker search scans the text once (linear time
  // even for thousands of unterminated BEGIN lines).
  let nextEnd = -2;
  let nextBegin = -2;
  const endFrom = (from: number) => {
    if (nextEnd !== -1 && nextEnd < from) nextEnd = text.indexOf(END, from);
    return nextEnd;
  };
  const beginFrom = (from: number) => {
    if (nextBegin !== -1 && nextBegin < from) nextBegin = text.indexOf(BEGIN, from);
    return nextBegin;
  };
  let pos = 0;
  while (blocks.length < limit) {
    const start = beginFrom(pos);
    if (start < 0) break;
    const labelStart = start + BEGIN.length;
    const lineEnd = text.indexOf('\n', labelStart);
    const labelEnd = text.indexOf('-----', labelStart);
    const label = labelEnd > 0 && labelEnd - labelStart <= 64 && (lineEnd < 0 || labelEnd < lineEnd) ? text.slice(labelStart, labelEnd) : '';
    if (!LABEL_RE.test(label)) {
      pos = labelStart;
      continue;
    }
    const bodyStart = labelEnd + 5;
    const endAt = endFrom(bodyStart);
    const followingBegin = beginFrom(bodyStart);
    if (endAt < 0 || (followingBegin >= 0 && followingBegin < endAt)) {
      blocks.push({
        label, start, end: bodyStart, bodyStart, bodyEnd: bodyStart,
        armorError: `"-----BEGIN ${label}-----" has no matching "-----END ${label}-----" line`,
      });
      pos = bodyStart;
      continue;
    }
    const endLabelStart = endAt + END.length;
    const endLineEnd = text.indexOf('\n', endLabelStart);
    const endLabelEnd = text.indexOf('-----', endLabelStart);
    const okEnd = endLabelEnd > 0 && endLabelEnd - endLabelStart <= 64 && (endLineEnd < 0 || endLabelEnd < endLineEnd);
    const endLabel = okEnd ? text.slice(endLabelStart, endLabelEnd) : '';
    const end = okEnd && endLabel ? endLabelEnd + 5 : endAt + END.length;
    const block: PemBlock = { label, start, end, bodyStart, bodyEnd: endAt };
    if (endLabel !== label) {
      block.armorError = `armor mismatch: "BEGIN ${label}" is closed by "END ${endLabel || '?'}"`;
    }
    blocks.push(block);
    pos = end;
  }
  return blocks;
}

export interface PemBody {
  /** Base64 text with the embedding (escapes, quotes, indentation, comment markers) removed. */
  base64: string;
  /** RFC 1421 headers such as `Proc-Type: 4,ENCRYPTED`. */
  headers: Record<string, string>;
}

/** Extracts the base64 payload of a block from its embedding. */
export function pemBody(text: string, block: PemBlock): PemBody {
  let body = text.slice(block.bodyStart, block.bodyEnd);
  if (body.includes('\\')) body = body.replace(/\\[nrt]/g, '\n');
  const headers: Record<string, string> = {};
  if (body.includes(':')) {
    // One line at a time: the prefix class holds no line break and cannot overlap the name, so
    // the pattern never backtracks across lines (60,000 blank lines before a `!:` used to cost
    // seconds). Trailing quotes and joiners are trimmed by a loop for the same reason.
    body = body.replace(/^[ \t"'#/*>]*([A-Za-z][A-Za-z0-9-]*):[ \t]*([^\n]*)$/gm, (_m, k: string, v: string) => {
      headers[k] = trimJoiners(v);
      return '';
    });
  }
  // Source-code embeddings: quotes with the `+`/`,` that join string literals. `+` and `/`
  // are base64 symbols, so they are only removed right after a closing quote.
  if (/["']/.test(body)) body = body.replace(/["']\s*[+,]?/g, '');
  // Line-comment markers (`#`, `*`, `>`, `|`, and `//` followed by a space).
  if (/[#*>|]|\/\/\s/.test(body)) body = body.replace(/^[ \t]*(?:[#*>|]+|\/\/(?=\s))/gm, '');
  return { base64: body, headers };
}

/** `v` without trailing quotes, commas, `+` and white space (linear: no backtracking regex). */
function trimJoiners(v: string): string {
  let end = v.length;
  while (end > 0 && `"',+ \t\r\n\f\v`.includes(v[end - 1])) end--;
  return v.slice(0, end);
}
