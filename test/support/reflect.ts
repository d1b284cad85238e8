// The few Reflect metadata functions tsyringe (inside @peculiar/x509) needs, so the tests do not
// need the reflect-metadata package. Must be imported before @peculiar/x509.
type Target = object;
const store = new WeakMap<Target, Map<unknown, unknown>>();
const R = Reflect as unknown as Record<string, unknown>;
if (typeof R.getMetadata !== 'function') {
  R.defineMetadata = (key: unknown, value: unknown, target: Target) => {
    const m = store.get(target) ?? new Map();
    m.set(key, value);
    store.set(target, m);
  };
  R.getMetadata = (key: unknown, target: Target): unknown => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t)) {
      const m = store.get(t);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  };
  R.getOwnMetadata = (key: unknown, target: Target) => store.get(target)?.get(key);
  R.hasMetadata = (key: unknown, target: Target) => R.getMetadata !== undefined && (R.getMetadata as (k: unknown, t: Target) => unknown)(key, target) !== undefined;
  R.metadata = (key: unknown, value: unknown) => (target: Target) => (R.defineMetadata as (k: unknown, v: unknown, t: Target) => void)(key, value, target);
}
export {};
