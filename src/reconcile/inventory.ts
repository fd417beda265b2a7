import pLimit from "p-limit";
import type { InventoryVersion, PackageTotal } from "../model/inventory.js";
import type { PackageRef, PackageType } from "../model/package.js";
import { distinctBytes, sumOf, type ManifestStorage } from "../model/storage.js";
import { newestFirst, type PackageVersion } from "../model/version.js";
import { matchingVersions } from "../plan/match.js";
import { readImageFacts } from "../registry/image-kind.js";
import type { Selector } from "../select/selector.js";
import { usesOf } from "../select/used-in.js";
import { packagesNamed } from "./expand-patterns.js";
import type { PlanPorts } from "./ports.js";
import { deletedVersionsReader } from "./read-live.js";
import { bindSelectors } from "./used-in.js";

export interface InventoryRequest {
  readonly owner: string;
  /** As given: a name, or a glob or `/regex/` over the owner's packages of that type. */
  readonly packages: readonly { readonly type: PackageType; readonly name: string }[];
  readonly state: "active" | "deleted" | "all";
  /** Only the versions this selector matches, as a spec's keep would see them. */
  readonly match?: Selector;
  /** Read container manifests to say what each version is (from the cache where it can). */
  readonly images: boolean;
  readonly nowMs: number;
  readonly concurrency: number;
}

export interface Inventory {
  readonly versions: readonly InventoryVersion[];
  /** Per package with a version shown: how many, and (with images) what they take up. */
  readonly totals: readonly PackageTotal[];
  /** Patterns that matched no package, and where deleted versions came from. */
  readonly notes: readonly string[];
}

/** The live versions of the named packages (patterns expanded), as `ghpkg list` shows them. */
export async function readInventory(ports: PlanPorts, request: InventoryRequest): Promise<Inventory> {
  const { source } = ports;
  ports.loadHistory?.();
  const notes: string[] = [];
  const { refs, unmatched } = await packagesNamed(source, request.owner, request.packages);
  notes.push(...unmatched);
  const deletedVersions = deletedVersionsReader(source, {
    knownDeleted: ports.knownDeleted,
    onNote: (note) => notes.push(note),
  });
  // `usedIn`: the files read once, the selector bound to what they say of each package.
  const { match } = request;
  const matchOf = match
    ? (
        await bindSelectors(
          ports.usage,
          refs.map((ref) => ({ ref, selectors: [match] })),
        )
      ).map((s) => s[0]!)
    : [];
  const limit = pLimit(request.concurrency);
  const wantsDeleted = request.state !== "active";
  // `newest` ranks among active versions: they are read for --match whatever --state shows.
  const needsActive = request.state !== "deleted" || request.match !== undefined;
  const rows = await Promise.all(
    refs.map((ref, i) =>
      limit(async () => {
        const selector = matchOf[i];
        const active = needsActive ? await source.listVersions(ref, "active") : [];
        const deleted = wantsDeleted ? (await deletedVersions(ref)).versions : [];
        const activeIds = new Set(active.map((v) => v.id));
        const all = [...active, ...deleted.filter((v) => !activeIds.has(v.id))];
        const matched = selector && matchingVersions(selector, ref.type, all, request.nowMs);
        const shown = all
          .filter((v) => request.state === "all" || v.state === request.state)
          .filter((v) => !matched || matched.has(v.id))
          .sort(byRecency);
        const images =
          request.images && ref.type === "container" && shown.some((v) => v.state === "active")
            ? await readImageFacts(ports.manifests, ref, all, request.concurrency)
            : undefined;
        const versions = shown.map((version): InventoryVersion => {
          const image = images?.facts.get(version.id);
          const used = selector?.used && usesOf(selector.used, version);
          return { ref, version, ...(image ? { image } : {}), ...(used ? { usedIn: used } : {}) };
        });
        return { versions, total: packageTotal(ref, shown, images?.storage) };
      }),
    ),
  );
  return {
    versions: rows.flatMap((r) => r.versions),
    totals: rows.filter((r) => r.versions.length > 0).map((r) => r.total),
    notes,
  };
}

/** How many versions of a package are shown, and what the active ones take up together (blobs once). */
function packageTotal(
  ref: PackageRef,
  shown: readonly PackageVersion[],
  storage: ReadonlyMap<string, ManifestStorage> | undefined,
): PackageTotal {
  const active = shown.filter((v) => v.state === "active");
  const stored: [string, ManifestStorage][] = [];
  for (const v of active) {
    const own = storage?.get(v.name);
    if (own) stored.push([v.name, own]);
  }
  const told = storage !== undefined && stored.length === active.length;
  return {
    ref,
    active: active.length,
    deleted: shown.length - active.length,
    ...(told ? { bytes: sumOf(distinctBytes(stored)) } : {}),
  };
}

const byRecency = (a: PackageVersion, b: PackageVersion) =>
  newestFirst(
    { createdMs: Date.parse(a.createdAt), id: a.id },
    { createdMs: Date.parse(b.createdAt), id: b.id },
  );
