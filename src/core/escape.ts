// Putting untrusted text into generated code and YAML without letting it out: one function per
// target (string literals for Go, Python and JavaScript; comments; Python docstrings). Every
// generator interpolates through these, never raw. YAML scalars go through the `yaml` library
// (`k8sYaml` in author/yaml-out.ts); YAML comments through `commentText`.
// Written by hand because no library quotes for Go and Python; each rule is the language's own
// (Go: strconv.QuoteToASCII; Python: the escapes of a "..." literal; JS: JSON.stringify).

/** Characters that end or break a line comment, or that compilers refuse anywhere in a source
 * file: C0/C1 controls, DEL, U+2028/U+2029 (line breaks to JavaScript and YAML 1.1), U+FEFF (Go
 * rejects a BOM after the start), U+FFFE/U+FFFF, and lone surrogates (not encodable in UTF-8). */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_COMMENT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** Text safe inside any line comment (`#`, `//`) or docstring line: unsafe characters shown as `\uXXXX`. */
export function commentText(s: string): string {
  return s.replace(UNSAFE_IN_COMMENT, (c) => `\\u${hex4(c.charCodeAt(0))}`);
}

/** Code points (a lone surrogate becomes U+FFFD, which UTF-8 can carry). */
function* codePoints(s: string): Generator<number> {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    yield cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp;
  }
}

/** A quoted literal holding only printable ASCII: `\\`, `\"`, \n \r \t, and \uXXXX / \UXXXXXXXX. */
function asciiQuoted(s: string): string {
  let out = '"';
  for (const cp of codePoints(s)) {
    if (cp === 0x5c) out += '\\\\';
    else if (cp === 0x22) out += '\\"';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp === 0x09) out += '\\t';
    else if (cp >= 0x20 && cp < 0x7f) out += String.fromCodePoint(cp);
    else if (cp <= 0xffff) out += `\\u${hex4(cp)}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

/** A Go interpreted string literal (as strconv.QuoteToASCII writes it). */
export function goString(s: string): string {
  return asciiQuoted(s);
}

/** A Python str literal ("..."; the same escapes mean the same in Python 3). */
export function pyString(s: string): string {
  return asciiQuoted(s);
}

/** A JavaScript/TypeScript string literal: JSON, plus U+2028/U+2029 escaped for older parsers. */
export function jsString(s: string): string {
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${hex4(c.charCodeAt(0))}`);
}

/** Text for a line inside a Python """docstring""": no `"` or `\` can end or escape it. */
export function pyDocText(s: string): string {
  return commentText(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
