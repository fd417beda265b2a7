import type { SandboxPackage, SandboxVersion } from "./state.js";

/**
 * Per-package views the routes need, built once and reused, so a 100,000-version package is served
 * in linear time overall: every version sorted as GitHub lists them (newest first), by id, by digest
 * and by tag. A view is rebuilt when the sandbox changes the package (delete, restore, push), and
 * when the versions array itself was replaced or grew, as tests that edit `state` directly do.
 */
interface PackageIndex {
  readonly source: SandboxVersion[];
  readonly length: number;
  readonly sorted: readonly SandboxVersion[];
  readonly byId: ReadonlyMap<number, SandboxVersion>;
  readonly byName: ReadonlyMap<string, SandboxVersion[]>;
  /** The listing per state, filtered from `sorted` when a listing starts (page 1), sliced after. */
  listed: Partial<Record<"active" | "deleted", readonly SandboxVersion[]>>;
  tags?: ReadonlyMap<string, SandboxVersion> | undefined;
  /** Where `anyOther` last found a version of each kind: positions in the package's array. */
  readonly hints: Map<string, number>;
}

export class VersionIndexes {
  readonly #indexes = new WeakMap<SandboxPackage, PackageIndex>();

  /**
   * A version of the package was deleted or restored: forget the listings and tags, which depend on
   * that, but keep the order and the lookups, which do not (so a run of deletes stays linear).
   */
  invalidate(pkg: SandboxPackage): void {
    const index = this.#indexes.get(pkg);
    if (!index) return;
    index.listed = {};
    delete index.tags;
  }

  #index(pkg: SandboxPackage): PackageIndex {
    const known = this.#indexes.get(pkg);
    if (known && known.source === pkg.versions && known.length === pkg.versions.length) return known;
    const sorted = [...pkg.versions].sort(newestFirst);
    const byName = new Map<string, SandboxVersion[]>();
    for (const v of sorted) byName.set(v.name, [...(byName.get(v.name) ?? []), v]);
    const index: PackageIndex = {
      source: pkg.versions,
      length: pkg.versions.length,
      sorted,
      byId: new Map(sorted.map((v) => [v.id, v])),
      byName,
      listed: {},
      hints: new Map(),
    };
    this.#indexes.set(pkg, index);
    return index;
  }

  byId(pkg: SandboxPackage, id: number): SandboxVersion | undefined {
    return this.#index(pkg).byId.get(id);
  }

  /** Versions with this name (a digest, for containers), newest first: an O(1) manifest lookup. */
  byName(pkg: SandboxPackage, name: string): readonly SandboxVersion[] {
    return this.#index(pkg).byName.get(name) ?? [];
  }

  /**
   * The versions a listing of this state serves, newest first. `fresh` (page 1 of a listing) filters
   * again, so a state edited by hand between two listings is seen; later pages reuse that filter.
   */
  listing(pkg: SandboxPackage, state: "active" | "deleted", fresh: boolean): readonly SandboxVersion[] {
    const index = this.#index(pkg);
    const known = index.listed[state];
    if (known && !fresh) return known;
    const listed = index.sorted.filter((v) => (state === "deleted") === (v.deleted_at !== null));
    index.listed[state] = listed;
    return listed;
  }

  /**
   * Is there a version other than `except` for which `test` holds? Looks first where the last one
   * of this kind was found and walks on from there, always against the live state: a run of deletes
   * then costs about one step each instead of a scan of the package each.
   */
  anyOther(
    pkg: SandboxPackage,
    kind: string,
    except: SandboxVersion,
    test: (v: SandboxVersion) => boolean,
  ): boolean {
    const hints = this.#index(pkg).hints;
    const count = pkg.versions.length;
    const start = Math.min(hints.get(kind) ?? 0, Math.max(count - 1, 0));
    for (let step = 0; step < count; step++) {
      const at = (start + step) % count;
      const v = pkg.versions[at];
      if (v && v !== except && test(v)) {
        hints.set(kind, at);
        return true;
      }
    }
    return false;
  }

  /** The active version that holds a tag (container tags are unique within a package). */
  byTag(pkg: SandboxPackage, tag: string): SandboxVersion | undefined {
    const found = this.#tags(pkg).get(tag);
    if (found && (found.deleted_at !== null || !found.tags.includes(tag))) {
      // Edited by hand since the index was built: build it again rather than answer stale.
      delete this.#index(pkg).tags;
      return this.#tags(pkg).get(tag);
    }
    return found;
  }

  /** Every tag of the active versions, in lexical order as the distribution spec lists them. */
  tags(pkg: SandboxPackage): string[] {
    return [...this.#tags(pkg).keys()].sort();
  }

  #tags(pkg: SandboxPackage): ReadonlyMap<string, SandboxVersion> {
    const index = this.#index(pkg);
    if (!index.tags) {
      const tags = new Map<string, SandboxVersion>();
      // Oldest first, so the newest version holding a tag (pushed by hand into state) wins.
      for (const v of [...index.sorted].reverse())
        if (v.deleted_at === null) for (const tag of v.tags) tags.set(tag, v);
      index.tags = tags;
    }
    return index.tags;
  }
}

/** GitHub lists versions newest first; ties by id, the newer id first. */
function newestFirst(a: SandboxVersion, b: SandboxVersion): number {
  return b.created_at.localeCompare(a.created_at) || b.id - a.id;
}
