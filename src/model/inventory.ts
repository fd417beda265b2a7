import type { PackageRef } from "./package.js";
import type { UsageSite } from "./usage.js";
import type { PackageVersion } from "./version.js";

/** What a container version is, as `list --images` shows it. */
export type ImageKind = "image" | "index" | "attestation" | "signature" | "other referrer";

export interface ImageFacts {
  readonly kind: ImageKind;
  /** An index: how many platform images it lists, those of the indexes it lists included (attestations not counted). */
  readonly platforms?: number;
  /** The version this one belongs to: the index that lists it, or the image it is about. */
  readonly parentId?: number;
  /** Every version it belongs to (a platform image two indexes list has two), `parentId` first. */
  readonly parentIds?: readonly number[];
  /**
   * The bytes it takes up, as manifests tell: its manifest and blobs, and for an index those of what
   * it lists, each blob once. Absent when a manifest does not tell.
   */
  readonly size?: number;
  /**
   * Set when it is broken (an index listing a digest no active version has: how many) or an orphan (a
   * referrer whose subject is not active: that subject's digest). See CONTRACT 1 and `ghpkg check`.
   */
  readonly missingChildren?: number;
  readonly missingSubject?: string;
}

/** What `ghpkg list` shows of a package below its versions: how many, and what they take up. */
export interface PackageTotal {
  readonly ref: PackageRef;
  readonly active: number;
  readonly deleted: number;
  /** The active versions shown, their manifests and blobs each counted once; absent when not every one tells. */
  readonly bytes?: number;
}

/** One row of `ghpkg list`: a version of a package, and for images (with --images) what it is. */
export interface InventoryVersion {
  readonly ref: PackageRef;
  readonly version: PackageVersion;
  readonly image?: ImageFacts;
  /** With `--match` and `usedIn`: every place the files refer to this version, by file and line. */
  readonly usedIn?: readonly UsageSite[];
}
