// Which editors the scaffold may insert code into: only one of the generated code's language
// (Go code never lands in a YAML file). Other editors get new files in a folder only.
import type { Lang } from './common';

const LANGUAGE_IDS: Record<Lang, { plain: string[]; typescript?: string[] }> = {
  go: { plain: ['go'] },
  python: { plain: ['python'] },
  node: { plain: ['javascript', 'javascriptreact'], typescript: ['typescript', 'typescriptreact'] },
};

/** True when code for `lang` (TypeScript when `typescript`) may be inserted into an editor of `languageId`. */
export function editorFits(languageId: string, lang: Lang, typescript = false): boolean {
  const ids = LANGUAGE_IDS[lang];
  return (lang === 'node' && typescript ? ids.typescript ?? [] : ids.plain).includes(languageId);
}

/** The language's name for messages. */
export function langName(lang: Lang, typescript = false): string {
  return lang === 'go' ? 'Go' : lang === 'python' ? 'Python' : typescript ? 'TypeScript' : 'JavaScript';
}
