// Server-provided text made printable (src/core/printable.ts): escape sequences removed, other
// control characters and bidirectional overrides replaced by a space, the rest kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printable } from '../../src/core/printable';

test('printable: ANSI/VT escapes removed, controls and bidi overrides replaced, text kept', () => {
  const cases: Array<[string, string]> = [
    ['secrets "web-tls" not found', 'secrets "web-tls" not found'],
    ['\x1b[31mred\x1b[0m', 'red'],
    ['a\x1b[2Jb', 'ab'],
    ['\x1b]0;pwned title\x07after', 'after'],
    ['\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\', 'link'],
    ['\x9b1mC1 CSI', 'C1 CSI'],
    ['line\r\nInjected', 'line  Injected'],
    ['tab\there', 'tab here'],
    ['nul\x00del\x7f', 'nul del '],
    ['\u202eevil\u202c', ' evil '],
    ['\x1bc reset', ' reset'],
    ['trailing ESC \x1b', 'trailing ESC '],
    ['unterminated \x1b[12', 'unterminated '],
    ['ünïcødé ✓ 日本', 'ünïcødé ✓ 日本'],
  ];
  for (const [input, want] of cases) assert.equal(printable(input), want, JSON.stringify(input));
  // Linear: a long run of unterminated sequences.
  const long = '\x1b]'.repeat(100_000);
  assert.equal(printable(long), '');
});
