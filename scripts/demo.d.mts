// Types of scripts/demo.mjs for the TypeScript tests that import it.
export function demoFiles(root: string): string[];
export function copyDemo(root: string, dest: string): string;
export function refreshDemoCertificates(dest: string): string | undefined;
export function prepareDemo(root: string, dest: string): string | undefined;
