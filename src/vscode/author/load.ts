// Loads dist/author.js (built next to dist/extension.js) on first use.
import { join } from 'node:path';
import type * as AuthorBundle from './bundle';

export type Author = typeof AuthorBundle;
let cached: Author | undefined;

export function loadAuthor(): Author {
  if (!cached) {
    const path = join(__dirname, 'author.js');
    // A computed path: esbuild leaves this require alone, so the module stays a separate file.
    cached = (module.require as (id: string) => Author)(path);
  }
  return cached;
}
