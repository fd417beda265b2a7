import type { PackageSpec } from "../spec/types.js";

/**
 * Only a keep that names a version exactly can restore one, or a repair of a container package (which
 * restores a broken image's missing children, and must know which are deleted and when), so only then
 * are deleted versions worth a request.
 */
export function canRestore(spec: PackageSpec): boolean {
  return repairs(spec) || spec.keep.some((selector) => selector.namesExactly);
}

/** `repair: true` on a container package: its graph is always read, and its deleted versions listed. */
export function repairs(spec: PackageSpec): boolean {
  return spec.repair === true && spec.type === "container";
}
