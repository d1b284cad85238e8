// Glob patterns (as in certwright.include / exclude) as regular expressions, for checking single
// files (a watcher event) against the settings; VS Code's findFiles does the full searches.
const globCache = new Map<string, RegExp>();

/** A minimal glob -> RegExp: `**` (any folders), `*`, `?` (within a path segment), `{a,b}` (alternatives). */
export function globRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') { i++; if (glob[i + 1] === '/') { i++; src += '(?:.*/)?'; } else src += '.*'; } else src += '[^/]*';
    } else if (c === '{') src += '(?:';
    else if (c === '}') src += ')';
    else if (c === ',') src += '|';
    else if (c === '?') src += '[^/]';
    else src += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  re = new RegExp(`^${src}$`);
  globCache.set(glob, re);
  return re;
}
