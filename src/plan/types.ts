import type { PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { BrokenImage, Orphan } from "./broken.js";

export type Action = "delete" | "restore";

/** One change to one version. */
export interface Operation {
  readonly action: Action;
  readonly ref: PackageRef;
  /** The version as the plan saw it (active for a delete, deleted for a restore). */
  readonly version: PackageVersion;
  /** The rule that decided, as the spec names it, and a short phrase: `delete[0]: untagged`. */
  readonly reason: string;
  /** Container packages: the id of the image (index, or subject) this version belongs to, deleted before it. */
  readonly parentId?: number;
  /**
   * Container packages: every version this plan deletes that lists this one (an index, a subject).
   * Apply deletes this version only after all of them; `parentId` is the first of them.
   */
  readonly parentIds?: readonly number[];
}

/** An operation GitHub would refuse: shown with the reason, never sent. */
export interface BlockedOperation extends Operation {
  readonly why: string;
}

export interface Summary {
  readonly delete: number;
  readonly restore: number;
  readonly blocked: number;
  readonly unchanged: number;
  /**
   * Bytes the deletes free, as far as manifests show it (plan/bytes-freed.ts); null where nothing
   * tells. Absent only in a plan saved by a ghpkg from before it was measured.
   */
  readonly bytesFreed?: number | null;
}

export interface PackageSummary extends Summary {
  readonly ref: PackageRef;
  /** Before the plan: how many versions are active, and how many deleted ones ghpkg knows of. */
  readonly active: number;
  readonly deleted: number;
  /** Active versions the rules alone would delete, kept because an image that stays refers to them. */
  readonly childrenKept: number;
  /**
   * False when the deleted versions were not asked for (no keep of this package names one exactly,
   * so none could be restored): `deleted` is then 0 without meaning none. Absent in older plans.
   */
  readonly deletedRead?: boolean;
  /** Container packages whose manifests were read: the bytes their active versions take up before and after the plan. */
  readonly bytesBefore?: number | null;
  readonly bytesAfter?: number | null;
}

/** What the planner decides: data, with nothing about where it came from or where it goes. */
export interface Changes {
  readonly summary: Summary;
  readonly packages: readonly PackageSummary[];
  readonly operations: readonly Operation[];
  readonly blocked: readonly BlockedOperation[];
  /** What a reviewer must know of the changes: a restored image whose children cannot all be known. */
  readonly notes?: readonly string[];
  /**
   * The broken images and orphans seen in the image graphs the plan read, as they were before it
   * (CONTRACT 1): in package order, then by version id. Absent in plans saved before they were reported.
   */
  readonly broken?: readonly BrokenReport[];
  readonly orphans?: readonly OrphanReport[];
}

/** A broken image of one package. */
export interface BrokenReport extends BrokenImage {
  readonly ref: PackageRef;
}

/** An orphan of one package. */
export interface OrphanReport extends Orphan {
  readonly ref: PackageRef;
}

/** Which packages a pattern entry (`name: web-*`) governed in this plan; none is not an error. */
export interface PatternMatches {
  readonly owner: string;
  readonly type: PackageRef["type"];
  /** The entry's name as written. */
  readonly pattern: string;
  /** How reasons name the entry: `packages[2] (web-*)`. */
  readonly entry: string;
  /** The package names it governs, sorted (packages an exact entry names are not among them). */
  readonly matched: readonly string[];
}

/** The saved plan: the changes and what `apply` needs to check that they still hold. */
export interface Plan extends Changes {
  readonly createdAt: string;
  /** `sha256:` of what the spec's rules say (see spec/digest.ts). */
  readonly specDigest: string;
  readonly apiUrl: string;
  /** The spec paths as given, so `apply PLANFILE` re-reads the same spec without -f. */
  readonly specPaths: readonly string[];
  /** What a reviewer should know about how the live state was read (such as deleted versions from the journal). */
  readonly notes?: readonly string[];
  /** The spec's pattern entries and what each matched; absent when the spec has none. */
  readonly patterns?: readonly PatternMatches[];
  /** In a plan saved to a file: the same paths relative to that file's folder, to find the spec from anywhere. */
  readonly specPathsFromPlan?: readonly string[];
  /** What applying takes of the token's rate limit, and what it has left; not part of what a saved plan must match. */
  readonly budget?: PlanBudget;
}

/** The requests applying a plan takes, against the token's primary rate limit as GitHub reported it. */
export interface PlanBudget {
  /** At least this many: one per operation, and the reads that apply makes again; a lost answer's check costs one more. */
  readonly requestsNeeded: number;
  readonly operations: number;
  /** The REST requests this plan's reading took (apply reads as much again); null when not counted. */
  readonly reads: number | null;
  /** Null when GitHub reports no rate limit (an Enterprise Server with limits off). */
  readonly remaining: number | null;
  readonly limit: number | null;
  /** When the window resets, ISO 8601 UTC. */
  readonly resetAt: string | null;
}

/** What `ghpkg check` found (reconcile/check.ts): data, rendered by render/check.ts. */
export interface CheckReport {
  /** The container packages whose graphs were read, in the order of their labels. */
  readonly packages: readonly PackageRef[];
  readonly broken: readonly BrokenReport[];
  readonly orphans: readonly OrphanReport[];
  /** Packages some of whose manifests could not be read: what they show may be incomplete. */
  readonly unreadable: readonly { readonly ref: PackageRef; readonly why: string }[];
  /** Patterns that matched nothing, where deleted versions came from, packages not checked. */
  readonly notes: readonly string[];
}
