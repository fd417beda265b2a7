/** What a package is, as the spec, the planner and the live state all name it. */
export const PACKAGE_TYPES = ["npm", "maven", "rubygems", "docker", "nuget", "container"] as const;
export type PackageType = (typeof PACKAGE_TYPES)[number];

export interface PackageRef {
  readonly owner: string;
  readonly type: PackageType;
  readonly name: string;
}

/** Only container and docker versions carry tags, so only they take `tag` and `untagged`. */
export function hasTags(type: PackageType): boolean {
  return type === "container" || type === "docker";
}

export function packageLabel(ref: PackageRef): string {
  return `${ref.owner}/${ref.type}/${ref.name}`;
}

/** The same label for a record of the plan (an operation, a package summary), in its JSON field names. */
export function packageTitle(record: {
  owner: string;
  package_type: PackageType;
  package_name: string;
}): string {
  return packageLabel({ owner: record.owner, type: record.package_type, name: record.package_name });
}

export interface PackageVersion {
  readonly id: number;
  readonly name: string;
  readonly tags: readonly string[];
  /** ISO 8601, as GitHub sends it. */
  readonly createdAt: string;
  readonly deletedAt: string | null;
  readonly state: "active" | "deleted";
}

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
