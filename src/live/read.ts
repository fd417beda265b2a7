import pLimit from "p-limit";
import type { ImageGraph, PackageRef, PackageVersion } from "../packages.js";
import type { PackageSpec } from "../spec/types.js";
import { deletedFromJournal, type JournalEntry } from "./journal.js";
import type { PackageSource } from "./source.js";

export interface LivePackage {
  readonly ref: PackageRef;
  /** Active versions, and the deleted versions ghpkg knows of (from GitHub, else from the journal). */
  readonly versions: readonly PackageVersion[];
  /** For container packages whose plan deletes something: how their versions refer to each other. */
  readonly graph?: ImageGraph;
}

export interface ReadOptions {
  readonly concurrency: number;
  readonly journal: readonly JournalEntry[];
  readonly onProgress?: (done: number, total: number) => void;
}

/** Only a keep that names a version exactly can restore one, so only then are deleted versions worth a request. */
export function canRestore(spec: PackageSpec): boolean {
  return spec.keep.some((selector) => selector.namesExactly);
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
        let deleted: PackageVersion[] = [];
        if (canRestore(spec)) {
          viewer ??= source.viewer();
          deleted =
            (await viewer).toLowerCase() === ref.owner.toLowerCase()
              ? await source.listVersions(ref, "deleted")
              : deletedFromJournal(options.journal, ref);
        }
        const activeIds = new Set(active.map((v) => v.id));
        options.onProgress?.(++done, packages.length);
        return { ref, versions: [...active, ...deleted.filter((v) => !activeIds.has(v.id))] };
      }),
    ),
  );
}
