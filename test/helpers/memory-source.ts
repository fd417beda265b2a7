import { packageKey, packageLabel, type PackageRef } from "../../src/model/package.js";
import type { PackageVersion } from "../../src/model/version.js";
import { GitHubError } from "../../src/live/github-error.js";
import type { PackageSource } from "../../src/live/source.js";
import type { ManifestReader } from "../../src/registry/client.js";
import type { Manifest } from "../../src/registry/manifest.js";

export interface MemoryPackage {
  readonly ref: PackageRef;
  readonly versions: PackageVersion[];
}

export interface MemorySource extends PackageSource {
  /** Every mutation carried out, in order: `delete 12`, `restore 7`. */
  readonly mutations: string[];
  /** Makes the next mutations of these version ids fail as GitHub would (status, message). */
  refuse(id: number, status: number, message: string): void;
  versionsOf(ref: PackageRef): readonly PackageVersion[];
}

const notFound = () => new GitHubError("not found (404)", 404, "Package version not found.");

/** Who is who: organisations with their admins. Any other owner of a package is a user. */
export interface MemoryAccounts {
  readonly organisations?: Readonly<Record<string, readonly string[]>>;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * An in-memory GitHub for the core's tests, keeping the PackageSource contract that
 * test/live/source-contract.ts checks against it and against the sandbox alike: so the fake stays honest.
 * A `viewer` of null is an installation token: no user, admin of every package (as if granted all).
 */
export function memorySource(
  packages: readonly MemoryPackage[],
  viewer: string | null = "octocat",
  clock = Date.now,
  accounts: MemoryAccounts = {},
): MemorySource {
  // GitHub finds a package whatever the case of its owner and name, as the sandbox does.
  const byLabel = new Map(packages.map((p) => [packageKey(p.ref), [...p.versions]]));
  const orgAdmins = (owner: string) =>
    Object.entries(accounts.organisations ?? {}).find(([login]) => same(login, owner))?.[1];
  const isAdmin = (ref: PackageRef) => {
    if (viewer === null) return true;
    const admins = orgAdmins(ref.owner);
    return admins ? admins.some((a) => same(a, viewer)) : same(ref.owner, viewer);
  };
  const knownOwner = (owner: string) =>
    orgAdmins(owner) !== undefined ||
    (viewer !== null && same(owner, viewer)) ||
    packages.some((p) => same(p.ref.owner, owner));
  const forbidden = (message: string) =>
    new GitHubError(`GitHub refused access (403): ${message}`, 403, message);
  const refusals = new Map<number, { status: number; message: string }>();
  const mutations: string[] = [];
  const versionsOf = (ref: PackageRef) => {
    const versions = byLabel.get(packageKey(ref));
    if (!versions)
      throw new GitHubError(`package ${packageLabel(ref)} not found (404)`, 404, "Package not found.");
    return versions;
  };
  const replace = (ref: PackageRef, next: PackageVersion) => {
    const versions = versionsOf(ref);
    versions[versions.findIndex((v) => v.id === next.id)] = next;
  };
  const refused = (id: number) => {
    const refusal = refusals.get(id);
    if (refusal) throw new GitHubError(`GitHub answered ${refusal.status}`, refusal.status, refusal.message);
  };
  return {
    mutations,
    versionsOf,
    refuse: (id, status, message) => void refusals.set(id, { status, message }),
    viewer: () => settle(() => viewer ?? undefined),
    ownerKind: (owner) =>
      settle(() => {
        if (!knownOwner(owner)) throw new GitHubError(`the owner ${owner} not found (404)`, 404, "Not Found");
        return orgAdmins(owner) ? "Organization" : "User";
      }),
    listPackages: (owner, type) =>
      settle(() =>
        packages.filter((p) => same(p.ref.owner, owner) && p.ref.type === type).map((p) => p.ref.name),
      ),
    listVersions: (ref, state) =>
      settle(() => {
        if (state === "deleted") {
          const org = orgAdmins(ref.owner) !== undefined;
          if (viewer === null && !org) throw forbidden("Resource not accessible by integration");
          if (org && !isAdmin(ref))
            throw forbidden("You must be an admin of the organization to list deleted package versions.");
          if (!org && !same(ref.owner, viewer ?? "")) throw notFound();
        }
        return versionsOf(ref).filter((v) => v.state === state);
      }),
    getActiveVersion: (ref, id) =>
      settle(() => versionsOf(ref).find((v) => v.id === id && v.state === "active")),
    deleteVersion: (ref, id) =>
      settle(() => {
        const version = versionsOf(ref).find((v) => v.id === id && v.state === "active");
        if (!version) throw notFound();
        if (!isAdmin(ref)) throw forbidden("You do not have admin permissions on this package.");
        refused(id);
        const others = versionsOf(ref).filter((v) => v.state === "active" && v.id !== id);
        if (others.length === 0)
          throw new GitHubError(
            "GitHub answered 400",
            400,
            "You cannot delete the last version of a package. You must delete the package instead.",
          );
        if (ref.type === "container" && version.tags.length > 0 && !others.some((v) => v.tags.length > 0))
          throw new GitHubError(
            "GitHub answered 400",
            400,
            "You cannot delete the last tagged version of a package. You must delete the package instead.",
          );
        replace(ref, { ...version, state: "deleted", deletedAt: new Date(clock()).toISOString() });
        mutations.push(`delete ${id}`);
      }),
    restoreVersion: (ref, id) =>
      settle(() => {
        const version = versionsOf(ref).find((v) => v.id === id && v.state === "deleted");
        if (!version) throw notFound();
        if (!isAdmin(ref)) throw forbidden("You do not have admin permissions on this package.");
        refused(id);
        replace(ref, { ...version, state: "active", deletedAt: null });
        mutations.push(`restore ${id}`);
      }),
  };
}

/** Runs `fn` as an asynchronous call would: what it throws becomes a rejection, never a synchronous throw. */
function settle<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}

/** Manifests by digest, as a registry would serve them; a digest listed in `unreadable` fails. */
export function memoryManifests(
  manifests: ReadonlyMap<string, Manifest>,
  unreadable: ReadonlySet<string> = new Set(),
): ManifestReader & { readonly reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    fetched: () => reads.length,
    read: (_owner, _name, digest) => {
      reads.push(digest);
      if (unreadable.has(digest)) return Promise.reject(new Error(`the registry answered 500 for ${digest}`));
      return Promise.resolve(manifests.get(digest) ?? {});
    },
  };
}
