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

/** `octocat/container/web`: how messages, plans and maps name a package. */
export function packageLabel(ref: PackageRef): string {
  return `${ref.owner}/${ref.type}/${ref.name}`;
}

/**
 * How maps and lookups key a package: GitHub compares owners and package names without regard to
 * case, so `OctoCat/npm/Lib` and `octocat/npm/lib` are one package (and a keep of one protects the other).
 */
export function packageKey(ref: PackageRef): string {
  return `${ref.owner.toLowerCase()}/${ref.type}/${ref.name.toLowerCase()}`;
}
