import type { PackageRef } from "./package.js";
import type { PackageVersion } from "./version.js";

/**
 * How the versions of a container package refer to each other: an index lists its per-platform
 * children, a signature or attestation names its subject. Keyed by digest (the version's name).
 */
export interface ImageGraph {
  /** Parent digest → the digests it refers to. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** Why some manifest could not be read; then no untagged version of the package may be deleted. */
  readonly unreadable: string | undefined;
}

/** A package as it is now: what the planner compares the spec against. */
export interface LivePackage {
  readonly ref: PackageRef;
  /** Active versions, and the deleted versions ghpkg knows of (from GitHub, else from the journal). */
  readonly versions: readonly PackageVersion[];
  /** For container packages whose plan deletes something: how their versions refer to each other. */
  readonly graph?: ImageGraph;
}
