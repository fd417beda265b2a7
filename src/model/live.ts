import type { PackageRef } from "./package.js";
import type { ManifestStorage } from "./storage.js";
import type { PackageVersion } from "./version.js";

/**
 * How the versions of a container package refer to each other: an index lists its per-platform
 * children, a signature or attestation names its subject. Keyed by digest (the version's name).
 */
export interface ImageGraph {
  /** Parent digest → the digests it refers to. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  /**
   * Subject digest → the active referrers about it (signatures, attestations, SBOMs: by a manifest's
   * `subject` or a cosign `sha256-<digest>.sig|.att|.sbom` tag). These edges are in `children` too (the
   * subject is its referrers' "parent"); this tells them from an index's entries, so that an orphan
   * (a referrer whose subject is gone) is not taken for a broken index. Absent in graphs read before.
   */
  readonly referrers?: ReadonlyMap<string, readonly string[]>;
  /**
   * Digests an active index lists as a single image (an image manifest's media type): they list
   * nothing themselves, so restoring one needs no manifest read to know what comes back with it.
   */
  readonly singleImages?: ReadonlySet<string>;
  /** Why some manifest could not be read; then no version of the package may be deleted. */
  readonly unreadable: string | undefined;
  /**
   * Deleted images the plan restores (and deleted versions under them) whose children cannot be
   * known: digest → why (the manifest could not be read, and the journal does not say what it lists).
   */
  readonly unknownChildren?: ReadonlyMap<string, string>;
  /**
   * Images ghpkg deleted in earlier runs (the journal says so); what they referred to is in `children`
   * under their digest. A run stopped after deleting a parent is finished by the next one.
   */
  readonly deletedParents?: readonly DeletedParent[];
  /**
   * What each manifest read takes up (its bytes, config and layers), keyed by digest, as far as it
   * tells: what the plan's `bytes_freed` is made of, with no other request.
   */
  readonly storage?: ReadonlyMap<string, ManifestStorage>;
}

/** A version ghpkg deleted earlier, and the children its delete's run named in the journal. */
export interface DeletedParent {
  readonly version: PackageVersion;
  /** Versions journaled with this one as their `parent_version_id`, whatever their outcome. */
  readonly childIds: readonly number[];
}

/** A package as it is now: what the planner compares the spec against. */
export interface LivePackage {
  readonly ref: PackageRef;
  /** Active versions, and the deleted versions ghpkg knows of (from GitHub, else from the journal). */
  readonly versions: readonly PackageVersion[];
  /** For container packages whose plan deletes something: how their versions refer to each other. */
  readonly graph?: ImageGraph;
  /**
   * GitHub listed every deleted version (the owner's token, an organisation's admin): a digest no
   * version has is gone. From the journal alone, or not read, a digest it lacks may still be restorable.
   */
  readonly deletedComplete?: boolean;
  /**
   * Where deleted versions were not read (no keep or repair could restore one): those ghpkg's journal
   * says it deleted, at no request's cost, so a broken image or an orphan names what it misses.
   */
  readonly journalDeleted?: readonly PackageVersion[];
}
