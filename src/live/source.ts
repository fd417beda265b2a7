import type { PackageRef, PackageType } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { RateLimitStatus } from "./rate-limit.js";

/** What GitHub says an owner is: it decides between the `/users/…` and the `/orgs/…` endpoints. */
export type OwnerKind = "User" | "Organization";

/**
 * Everything ghpkg asks of GitHub, and all it may ask: the planner and apply never know whether
 * this is github.com, an Enterprise Server or the sandbox.
 */
export interface PackageSource {
  /** The login the token belongs to; undefined for a token with no user behind it (an installation token). */
  viewer(): Promise<string | undefined>;
  /** User or organisation: asked of GitHub once per owner, then remembered. */
  ownerKind(owner: string): Promise<OwnerKind>;
  /** The names of the owner's packages of this type that the token can see, all pages. */
  listPackages(owner: string, type: PackageType): Promise<string[]>;
  /**
   * Every version in that state, all pages. `deleted` works for the viewer's own packages and for an
   * organisation's (GitHub shows them to its admins, and answers 403 to others).
   */
  listVersions(ref: PackageRef, state: "active" | "deleted"): Promise<PackageVersion[]>;
  /** The version if GitHub shows it as active, else undefined. */
  getActiveVersion(ref: PackageRef, id: number): Promise<PackageVersion | undefined>;
  deleteVersion(ref: PackageRef, id: number): Promise<void>;
  restoreVersion(ref: PackageRef, id: number): Promise<void>;
  /**
   * The token's primary rate-limit budget as GitHub's answers report it so far: undefined before the
   * first answer, and from a server that reports none (an Enterprise Server with limits off).
   */
  rateLimit?(): RateLimitStatus | undefined;
}
