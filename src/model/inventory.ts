import type { PackageRef } from "./package.js";
import type { UsageSite } from "./usage.js";
import type { PackageVersion } from "./version.js";

/** What a container version is, as `list --images` shows it. */
export type ImageKind = "image" | "index" | "attestation" | "signature" | "other referrer";

export interface ImageFacts {
  readonly kind: ImageKind;
  /** An index: how many platform images it lists (its attestations not counted). */
  readonly platforms?: number;
  /** The version this one belongs to: the index that lists it, or the image it is about. */
  readonly parentId?: number;
}

/** One row of `ghpkg list`: a version of a package, and for images (with --images) what it is. */
export interface InventoryVersion {
  readonly ref: PackageRef;
  readonly version: PackageVersion;
  readonly image?: ImageFacts;
  /** With `--match` and `usedIn`: every place the files refer to this version, by file and line. */
  readonly usedIn?: readonly UsageSite[];
}
