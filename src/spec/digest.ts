import { createHash } from "node:crypto";
import type { PackageSpec } from "./types.js";

/**
 * A hash of what the rules say, not of how the files are written: comments, key order and
 * formatting do not change it, so only a change in meaning makes a saved plan stale.
 */
export function specDigest(packages: readonly PackageSpec[]): string {
  const rules = packages
    .map((p) => ({
      owner: p.owner,
      type: p.type,
      name: p.name,
      keep: p.keep.map((s) => ({ origin: s.origin, spec: s.spec })),
      delete: p.delete.map((s) => ({ origin: s.origin, spec: s.spec })),
      unmatched: p.unmatched,
      // Only when on, so that every spec from before hashes as it did.
      ...(p.repair === true ? { repair: true } : {}),
    }))
    .sort((a, b) =>
      a.owner + "\0" + a.type + "\0" + a.name < b.owner + "\0" + b.type + "\0" + b.name ? -1 : 1,
    );
  return `sha256:${createHash("sha256").update(canonicalJson(rules)).digest("hex")}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}
