// A name for the scaffold's Deployment + Service + Certificate that no object in the workspace
// already has in that namespace: the generated YAML must add objects, never silently replace one.

export interface NamedObject {
  kind: string;
  name: string;
  namespace: string;
  file?: string;
}

/** The existing object the scaffold's manifests named `name` in `namespace` would collide with, if any. */
export function nameClash(name: string, namespace: string, objects: readonly NamedObject[]): NamedObject | undefined {
  // The scaffold writes a Deployment, a Service and a ServiceAccount named `name` and a Certificate `name-tls`.
  return objects.find((o) => o.namespace === namespace && (o.name === name || (o.kind === 'Certificate' && o.name === `${name}-tls`)));
}

/** `base`, or `base-2`, `base-3`, ... : the first name without a clash (linear in the objects). */
export function freeName(base: string, namespace: string, objects: readonly NamedObject[]): string {
  const taken = new Set<string>();
  for (const o of objects) {
    if (o.namespace !== namespace) continue;
    taken.add(o.name);
    if (o.kind === 'Certificate' && o.name.endsWith('-tls')) taken.add(o.name.slice(0, -4));
  }
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
