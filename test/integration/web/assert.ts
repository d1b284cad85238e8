// The few assertions the web suite uses: node:assert is not in the browser's extension host.
function fail(message: string): never {
  throw new Error(message);
}

export function ok(value: unknown, message = 'expected a truthy value'): asserts value {
  if (!value) fail(message);
}

export function equal<T>(actual: T, expected: T, message?: string): void {
  if (actual !== expected) fail(`${message ? `${message}: ` : ''}${JSON.stringify(actual)} !== ${JSON.stringify(expected)}`);
}

export function match(text: string, re: RegExp, message?: string): void {
  if (!re.test(text)) fail(`${message ? `${message}: ` : ''}${JSON.stringify(text.slice(0, 300))} does not match ${re}`);
}
