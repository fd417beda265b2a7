import type { LivePackage } from "../model/live.js";
import type { PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import { refusedToToken } from "../live/github-error.js";
import type { PackageSource } from "../live/source.js";
import { canRestore } from "../plan/needs.js";
import type { PackageSpec } from "../spec/types.js";

export interface ReadOptions {
  /** The deleted versions ghpkg knows of without GitHub's listing (the journal's), for packages of others. */
  readonly knownDeleted: (ref: PackageRef) => readonly PackageVersion[];
  readonly onProgress?: (done: number, total: number) => void;
  /** Told, once each, what a reviewer should know about where deleted versions came from. */
  readonly onNote?: (note: string) => void;
  /** Told of each package as soon as it is read: the object the result holds. */
  readonly onPackage?: (pkg: LivePackage) => void;
}

export const NOTE_INSTALLATION_TOKEN =
  "the token has no user behind it (an installation token, such as GitHub Actions' GITHUB_TOKEN): it is treated as not the owner, so deleted versions of user-owned packages come from ghpkg's journal";

export const noteOrgDeleted = (owner: string): string =>
  `GitHub does not list the deleted versions of ${owner}'s packages to this token (it shows them to organisation admins and package admins): they come from ghpkg's journal`;

/**
 * Reads the live state of every package, all at once: every first page goes out together, then the
 * pages each announces, and the run's read pool (cli/connect.ts) bounds how many are on the wire.
 * `GET /user` is sent at most once, and only when some user-owned package can restore (it decides
 * whether GitHub will list that package's deleted versions); an organisation's deleted versions are asked of GitHub, which shows them to its admins.
 */
export async function readLiveState(
  source: PackageSource,
  packages: readonly PackageSpec[],
  options: ReadOptions,
): Promise<LivePackage[]> {
  const deletedVersions = deletedVersionsReader(source, options);
  let done = 0;
  return Promise.all(
    packages.map(async (spec) => {
      const ref: PackageRef = { owner: spec.owner, type: spec.type, name: spec.name };
      const active = await source.listVersions(ref, "active");
      const deleted = canRestore(spec) ? await deletedVersions(ref) : NONE_READ;
      const activeIds = new Set(active.map((v) => v.id));
      options.onProgress?.(++done, packages.length);
      const journalDeleted =
        spec.type === "container" && !canRestore(spec)
          ? options.knownDeleted(ref).filter((v) => !activeIds.has(v.id))
          : [];
      const pkg: LivePackage = {
        ref,
        versions: [...active, ...deleted.versions.filter((v) => !activeIds.has(v.id))],
        deletedComplete: deleted.complete,
        ...(journalDeleted.length > 0 ? { journalDeleted } : {}),
      };
      options.onPackage?.(pkg);
      return pkg;
    }),
  );
}

/** A package's deleted versions, and whether GitHub listed them all (not the journal's partial view). */
export interface DeletedListing {
  readonly versions: readonly PackageVersion[];
  readonly complete: boolean;
}

const NONE_READ: DeletedListing = { versions: [], complete: false };

/**
 * The deleted versions of a package as far as ghpkg can know them: GitHub's listing where GitHub shows
 * it (the viewer's own packages; an organisation's, to its admins), else the journal's, with a note
 * saying so once. One reader per run: it asks `GET /user` at most once.
 */
export function deletedVersionsReader(
  source: PackageSource,
  options: Pick<ReadOptions, "knownDeleted" | "onNote">,
): (ref: PackageRef) => Promise<DeletedListing> {
  let viewer: Promise<string | undefined> | undefined;
  const noted = new Set<string>();
  const note = (text: string) => {
    if (!noted.has(text)) options.onNote?.(text);
    noted.add(text);
  };
  return async (ref) => {
    if ((await source.ownerKind(ref.owner)) === "Organization")
      try {
        return { versions: await source.listVersions(ref, "deleted"), complete: true };
      } catch (error) {
        if (!refusedToToken(error)) throw error;
        note(noteOrgDeleted(ref.owner));
        return { versions: options.knownDeleted(ref), complete: false };
      }
    viewer ??= source.viewer();
    const login = await viewer;
    if (login === undefined) note(NOTE_INSTALLATION_TOKEN);
    return login?.toLowerCase() === ref.owner.toLowerCase()
      ? { versions: await source.listVersions(ref, "deleted"), complete: true }
      : { versions: options.knownDeleted(ref), complete: false };
  };
}
