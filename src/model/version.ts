/** GitHub restores a deleted version for 30 days after its delete, and never after. */
export const RESTORE_WINDOW_MS = 30 * 86_400_000;

/** One version of a package, active or deleted, in ghpkg's own words. */
export interface PackageVersion {
  readonly id: number;
  readonly name: string;
  readonly tags: readonly string[];
  /** ISO 8601, as GitHub sends it. */
  readonly createdAt: string;
  readonly deletedAt: string | null;
  readonly state: "active" | "deleted";
  /** ISO 8601; what `list` shows (GitHub sends it, plans do not need it). */
  readonly updatedAt?: string;
  /** The version's page on GitHub, for `list`. */
  readonly htmlUrl?: string;
}

/**
 * The contract's order for `newest` and for the last-version rule: most recently created first,
 * ties broken by the higher id. Takes creation times already parsed, so a sort parses nothing.
 */
export function newestFirst(
  a: { createdMs: number; id: number },
  b: { createdMs: number; id: number },
): number {
  return b.createdMs - a.createdMs || b.id - a.id;
}

/** The newest of some versions by that order, without sorting them all. */
export function newestOf(versions: readonly PackageVersion[]): PackageVersion | undefined {
  let best: PackageVersion | undefined;
  let bestKey = { createdMs: 0, id: 0 };
  for (const v of versions) {
    const key = { createdMs: Date.parse(v.createdAt), id: v.id };
    if (!best || newestFirst(key, bestKey) < 0) [best, bestKey] = [v, key];
  }
  return best;
}

/** `sha256:0123456789ab…` keeps enough of a digest to find it, without a 71-character column. */
export function shortName(name: string): string {
  const digest = /^(sha256:)([0-9a-f]{64})$/.exec(name);
  return digest ? `${digest[1]}${digest[2]?.slice(0, 12)}…` : name;
}

/** A version as a reviewer knows it: its first tag, else its (short) name. */
export function versionTitle(version: Pick<PackageVersion, "name" | "tags">): string {
  return version.tags[0] ?? shortName(version.name);
}
