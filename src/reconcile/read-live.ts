import pLimit from "p-limit";
import type { LivePackage } from "../model/live.js";
import type { PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { PackageSource } from "../live/source.js";
import { canRestore } from "../plan/needs.js";
import type { PackageSpec } from "../spec/types.js";

export interface ReadOptions {
  readonly concurrency: number;
  /** The deleted versions ghpkg knows of without GitHub's listing (the journal's), for packages of others. */
  readonly knownDeleted: (ref: PackageRef) => readonly PackageVersion[];
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Reads the live state of every package, several at once. `GET /user` is sent at most once, and only
 * when some package can restore (it decides whether GitHub will list that package's deleted versions).
 */
export async function readLiveState(
  source: PackageSource,
  packages: readonly PackageSpec[],
  options: ReadOptions,
): Promise<LivePackage[]> {
  let viewer: Promise<string> | undefined;
  const limit = pLimit(options.concurrency);
  let done = 0;
  return Promise.all(
    packages.map((spec) =>
      limit(async () => {
        const ref: PackageRef = { owner: spec.owner, type: spec.type, name: spec.name };
        const active = await source.listVersions(ref, "active");
        let deleted: readonly PackageVersion[] = [];
        if (canRestore(spec)) {
          viewer ??= source.viewer();
          deleted =
            (await viewer).toLowerCase() === ref.owner.toLowerCase()
              ? await source.listVersions(ref, "deleted")
              : options.knownDeleted(ref);
        }
        const activeIds = new Set(active.map((v) => v.id));
        options.onProgress?.(++done, packages.length);
        return { ref, versions: [...active, ...deleted.filter((v) => !activeIds.has(v.id))] };
      }),
    ),
  );
}
