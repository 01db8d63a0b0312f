import type { Resource } from "./bindings";

/** The member of a duplicate group to keep by default: the most pixels, then
 * the largest file, then the first listed. */
export function defaultKeep(resources: Resource[]): number | null {
  let best: Resource | null = null;
  for (const r of resources) {
    if (!best) {
      best = r;
      continue;
    }
    const area = (r.width ?? 0) * (r.height ?? 0);
    const bestArea = (best.width ?? 0) * (best.height ?? 0);
    if (area > bestArea || (area === bestArea && r.size > best.size)) best = r;
  }
  return best?.id ?? null;
}
