import type { ImageGraph } from "../model/live.js";
import type { PackageType } from "../model/package.js";
import { distinctBytes, sumOf, type ManifestStorage } from "../model/storage.js";
import type { PackageVersion } from "../model/version.js";

/** A package's storage before and after a plan, and what the plan frees: null where nothing tells. */
export interface PackageStorage {
  readonly bytesFreed: number | null;
  readonly bytesBefore: number | null;
  readonly bytesAfter: number | null;
}

const UNKNOWN: PackageStorage = { bytesFreed: null, bytesBefore: null, bytesAfter: null };

/**
 * What a container package's deletes free, from the manifests the plan read for the children rule (no
 * other request): the manifests and blobs (config, layers) that only the versions it deletes refer
 * to, each digest counted once. A blob that a version which stays also refers to (one kept, one whose
 * delete is blocked, one restored) is not freed. An index's children are deleted with it (children
 * follow their parents), so they count as any delete does. Null where nothing tells: no container
 * delete, or a manifest unread (the package fails closed) or silent about its sizes.
 */
export function packageStorage(
  type: PackageType,
  graph: ImageGraph | undefined,
  active: readonly PackageVersion[],
  deleting: readonly PackageVersion[],
  restoring: readonly PackageVersion[],
): PackageStorage {
  if (type !== "container" || !graph?.storage || graph.unreadable !== undefined) return UNKNOWN;
  const storage = graph.storage;
  const gone = new Set(deleting);
  const before = storagesOf(storage, active);
  const after = storagesOf(storage, [...active.filter((v) => !gone.has(v)), ...restoring]);
  const freed = storagesOf(storage, deleting);
  const staying = after && distinctBytes(after);
  let bytesFreed: number | null = null;
  if (deleting.length > 0 && freed && staying) {
    bytesFreed = 0;
    for (const [digest, size] of distinctBytes(freed)) if (!staying.has(digest)) bytesFreed += size;
  }
  return {
    bytesFreed,
    bytesBefore: before ? sumOf(distinctBytes(before)) : null,
    bytesAfter: staying ? sumOf(staying) : null,
  };
}

/** The storage of each version, by its digest; undefined when one of them does not tell its own. */
function storagesOf(
  storage: ReadonlyMap<string, ManifestStorage>,
  versions: readonly PackageVersion[],
): (readonly [string, ManifestStorage])[] | undefined {
  const found: (readonly [string, ManifestStorage])[] = [];
  for (const v of versions) {
    const stored = storage.get(v.name);
    if (!stored) return undefined;
    found.push([v.name, stored]);
  }
  return found;
}

/** The plan's total: what the packages that tell free together; null when none tells. */
export function totalBytesFreed(packages: readonly { readonly bytesFreed?: number | null }[]): number | null {
  let total: number | null = null;
  for (const p of packages) if (typeof p.bytesFreed === "number") total = (total ?? 0) + p.bytesFreed;
  return total;
}
