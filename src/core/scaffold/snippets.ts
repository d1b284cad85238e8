// contributes.snippets: the scaffold's servers and clients as snippets (syntaxes/snippets/*.json,
// checked against these by a unit test, so the files never drift from the templates).
import { defaults } from './common';
import { goClient, goServer } from './go';
import { nodeClient, nodeServer } from './node';
import { flaskServer, pythonClient, pythonServer, requestsClient } from './python';

export type SnippetLanguage = 'go' | 'python' | 'javascript' | 'typescript';
export interface Snippet { prefix: string; description: string; body: string[] }

/** Snippet syntax: `$` and `\` are literal only when escaped. */
const body = (code: string): string[] => code.replace(/\\/g, '\\\\').replace(/\$/g, '\\$').replace(/\n$/, '').split('\n');

export function snippets(language: SnippetLanguage): Record<string, Snippet> {
  const d = defaults();
  const s = (prefix: string, description: string, code: string): [string, Snippet] => [description, { prefix, description, body: body(code) }];
  const list: Array<[string, Snippet]> = {
    go: [
      s('mtls-server', 'mTLS server (Go net/http): client certificates required, ALLOWED_IDS, TLS 1.3, rotation', goServer(d)),
      s('mtls-client', 'mTLS client (Go net/http): verifies the server name and identity, presents its certificate', goClient(d)),
    ],
    python: [
      s('mtls-server', 'mTLS server (Python standard library): client certificates required, ALLOWED_IDS, TLS 1.3, rotation', pythonServer(d)),
      s('mtls-client', 'mTLS client (Python standard library)', pythonClient(d)),
      s('mtls-flask', 'mTLS server (Flask): client certificates required, ALLOWED_IDS, TLS 1.3, rotation', flaskServer(d)),
      s('mtls-requests', 'mTLS client (requests)', requestsClient(d)),
    ],
    javascript: [
      s('mtls-server', 'mTLS server (Node https): client certificates required, ALLOWED_IDS, TLS 1.3, rotation', nodeServer(d, false)),
      s('mtls-client', 'mTLS client (Node https)', nodeClient(d, false)),
    ],
    typescript: [
      s('mtls-server', 'mTLS server (Node https, TypeScript): client certificates required, ALLOWED_IDS, TLS 1.3, rotation', nodeServer(d, true)),
      s('mtls-client', 'mTLS client (Node https, TypeScript)', nodeClient(d, true)),
    ],
  }[language];
  return Object.fromEntries(list);
}

export const SNIPPET_LANGUAGES: SnippetLanguage[] = ['go', 'python', 'javascript', 'typescript'];

/** The file text of syntaxes/snippets/<language>.json. */
export function snippetFile(language: SnippetLanguage): string {
  return JSON.stringify(snippets(language), null, 2) + '\n';
}
