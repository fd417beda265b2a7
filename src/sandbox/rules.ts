import { findAccount, sameLogin } from "./accounts.js";
import type { Caller } from "./callers.js";
import type { SandboxPackage, SandboxState, SandboxVersion } from "./state.js";

/**
 * GitHub's rules for package versions, as plain functions of the state: who may see and change a
 * package, and the refusals GitHub answers. No HTTP here; src/sandbox/README.md says where GitHub
 * documents or shows each one.
 */
export interface Refusal {
  readonly status: number;
  readonly message: string;
}

export const MESSAGES = {
  versionNotFound: "Package version not found.",
  packageNotFound: "Package not found.",
  lastVersion: "You cannot delete the last version of a package. You must delete the package instead.",
  lastTagged: "You cannot delete the last tagged version of a package. You must delete the package instead.",
  downloads:
    "Publicly visible package versions with more than 5000 downloads cannot be deleted. Contact GitHub support for further assistance.",
  notAdmin: "You do not have admin permissions on this package.",
  deletedNeedsAdmin: "You must be an admin of the organization to list deleted package versions.",
  nameActive: "A version with the same name is active again; this version cannot be restored.",
  integration: "Resource not accessible by integration",
} as const;

const THIRTY_DAYS_MS = 30 * 86_400_000;
const DOWNLOAD_LIMIT = 5000;

const grantKey = (pkg: SandboxPackage) => `${pkg.owner}/${pkg.type}/${pkg.name}`.toLowerCase();

export function isOrganization(state: SandboxState, login: string): boolean {
  return findAccount(state, login)?.type === "Organization";
}

/** The admin role on a package: its user owner, its organisation's admins, its own admins, a granted app. */
export function isPackageAdmin(state: SandboxState, caller: Caller, pkg: SandboxPackage): boolean {
  if (caller.kind === "installation") return caller.grants.has(grantKey(pkg));
  if ((pkg.admins ?? []).some((login) => sameLogin(login, caller.login))) return true;
  const owner = findAccount(state, pkg.owner);
  if (owner?.type === "Organization") return owner.admins.some((login) => sameLogin(login, caller.login));
  return sameLogin(pkg.owner, caller.login);
}

/** Public packages are readable by anyone; private ones only by those with a role on them. */
export function canRead(state: SandboxState, caller: Caller, pkg: SandboxPackage): boolean {
  return pkg.visibility === "public" || isPackageAdmin(state, caller, pkg);
}

/**
 * Deleted versions are listed only for the owner through `/user/…`, and for an organisation's
 * admins (or the package's) through `/orgs/…`; elsewhere `state=deleted` is ignored.
 */
export function deletedListing(
  state: SandboxState,
  caller: Caller,
  pkg: SandboxPackage,
  via: "self" | "user" | "org",
): "allowed" | "ignored" | Refusal {
  if (via === "user") return "ignored";
  if (caller.kind === "installation" && via === "self") return { status: 403, message: MESSAGES.integration };
  if (isPackageAdmin(state, caller, pkg)) return "allowed";
  return via === "org" ? { status: 403, message: MESSAGES.deletedNeedsAdmin } : "ignored";
}

/**
 * Is there a version of the package, other than `except`, for which `test` holds? `kind` names the
 * test, so an implementation may remember where it last found one (see VersionIndexes.anyOther).
 */
export type OtherVersionFinder = (
  pkg: SandboxPackage,
  kind: "active" | "tagged",
  except: SandboxVersion,
  test: (v: SandboxVersion) => boolean,
) => boolean;

/** The plain scan: what the rule means. */
export const scanOthers: OtherVersionFinder = (pkg, _kind, except, test) =>
  pkg.versions.some((v) => v !== except && test(v));

const isActive = (v: SandboxVersion) => v.deleted_at === null;
const isActiveTagged = (v: SandboxVersion) => v.deleted_at === null && v.tags.length > 0;

/** Why GitHub would refuse to delete this version, or undefined when it would delete it. */
export function deleteRefusal(
  pkg: SandboxPackage,
  version: SandboxVersion | undefined,
  anyOther: OtherVersionFinder = scanOthers,
): Refusal | undefined {
  if (!version || version.deleted_at !== null) return { status: 404, message: MESSAGES.versionNotFound };
  if (!anyOther(pkg, "active", version, isActive)) return { status: 400, message: MESSAGES.lastVersion };
  if (
    pkg.type === "container" &&
    version.tags.length > 0 &&
    !anyOther(pkg, "tagged", version, isActiveTagged)
  )
    return { status: 400, message: MESSAGES.lastTagged };
  if (pkg.visibility === "public" && version.download_count > DOWNLOAD_LIMIT)
    return { status: 400, message: MESSAGES.downloads };
  return undefined;
}

/** Why GitHub would refuse to restore this version, or undefined when it would restore it. */
export function restoreRefusal(
  pkg: SandboxPackage,
  version: SandboxVersion | undefined,
  now: number,
): Refusal | undefined {
  if (!version || version.deleted_at === null || now - Date.parse(version.deleted_at) > THIRTY_DAYS_MS)
    return { status: 404, message: MESSAGES.versionNotFound };
  if (pkg.versions.some((v) => v !== version && v.deleted_at === null && v.name === version.name))
    return { status: 409, message: MESSAGES.nameActive };
  return undefined;
}

export function markDeleted(version: SandboxVersion, now: number): void {
  version.deleted_at = new Date(now).toISOString();
}

export function markRestored(version: SandboxVersion): void {
  version.deleted_at = null;
}
