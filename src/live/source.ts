import type { PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";

/**
 * Everything ghpkg asks of GitHub, and all it may ask: the planner and apply never know whether
 * this is github.com, an Enterprise Server or the sandbox.
 */
export interface PackageSource {
  /** The login the token belongs to. */
  viewer(): Promise<string>;
  /** Every version in that state, all pages. `deleted` works only for the viewer's own packages. */
  listVersions(ref: PackageRef, state: "active" | "deleted"): Promise<PackageVersion[]>;
  /** The version if GitHub shows it as active, else undefined. */
  getActiveVersion(ref: PackageRef, id: number): Promise<PackageVersion | undefined>;
  deleteVersion(ref: PackageRef, id: number): Promise<void>;
  restoreVersion(ref: PackageRef, id: number): Promise<void>;
}
