import type { PackageSpec } from "../spec/types.js";

/** Only a keep that names a version exactly can restore one, so only then are deleted versions worth a request. */
export function canRestore(spec: PackageSpec): boolean {
  return spec.keep.some((selector) => selector.namesExactly);
}
