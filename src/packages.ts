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

export interface PackageVersion {
  readonly id: number;
  readonly name: string;
  readonly tags: readonly string[];
  /** ISO 8601, as GitHub sends it. */
  readonly createdAt: string;
  readonly deletedAt: string | null;
  readonly state: "active" | "deleted";
}
