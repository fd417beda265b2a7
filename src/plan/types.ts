import type { PackageType } from "../packages.js";

export type Action = "delete" | "restore";

/** One change to one version; field names are the JSON plan's (CONTRACT section 4). */
export interface Operation {
  readonly action: Action;
  readonly owner: string;
  readonly package_type: PackageType;
  readonly package_name: string;
  readonly version_id: number;
  readonly version_name: string;
  readonly tags: readonly string[];
  /** The rule that decided, as the spec names it, and a short phrase: `delete[0]: untagged`. */
  readonly reason: string;
  readonly version_created_at: string;
  readonly deleted_at: string | null;
  /** Container packages: the image (index, or subject) this version belongs to, deleted before it. */
  readonly parent_version_id?: number;
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
}

export interface PackageSummary extends Summary {
  readonly owner: string;
  readonly package_type: PackageType;
  readonly package_name: string;
  /** Before the plan: how many versions are active, and how many deleted ones ghpkg knows of. */
  readonly active: number;
  readonly deleted: number;
  /** Active versions the rules alone would delete, kept because an image that stays refers to them. */
  readonly children_kept: number;
}

/** What the planner decides: data, with nothing about where it came from or where it goes. */
export interface Changes {
  readonly summary: Summary;
  readonly packages: readonly PackageSummary[];
  readonly operations: readonly Operation[];
  readonly blocked: readonly BlockedOperation[];
}

/** The saved plan: the changes and what `apply` needs to check that they still hold. */
export interface Plan extends Changes {
  readonly format_version: 1;
  readonly created_at: string;
  readonly spec_digest: string;
  readonly api_url: string;
  /** The spec paths as given, so `apply PLANFILE` re-reads the same spec without -f. */
  readonly spec_paths: readonly string[];
}
