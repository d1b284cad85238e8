// The certificate timeline (#17 part 4): items (model.ts) and drawing (render.ts).
export * from './model';
export * from './render';
