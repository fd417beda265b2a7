import { sameLogin } from "./accounts.js";
import type { RouteContext } from "./routes/context.js";
import { completeVersion, type SandboxVersion } from "./state.js";
import type { PackageRef } from "../model/package.js";

/**
 * Publishes a version while the sandbox runs, as a push to GitHub would: the package is created
 * if it is new, and for containers the version's tags leave whichever version held them before.
 */
export function pushVersion(
  ctx: RouteContext,
  ref: PackageRef,
  version: Partial<SandboxVersion> & { id: number; name: string },
): SandboxVersion {
  let pkg = ctx.state.packages.find(
    (p) => sameLogin(p.owner, ref.owner) && p.type === ref.type && sameLogin(p.name, ref.name),
  );
  if (!pkg) {
    pkg = { owner: ref.owner, type: ref.type, name: ref.name, visibility: "public", versions: [] };
    ctx.state.packages.push(pkg);
  }
  if (pkg.versions.some((v) => v.id === version.id))
    throw new Error(`version ${version.id} already exists in ${ref.owner}/${ref.type}/${ref.name}`);
  const added = completeVersion(version, ctx.clock());
  if (ref.type === "container")
    for (const other of pkg.versions) other.tags = other.tags.filter((tag) => !added.tags.includes(tag));
  pkg.versions.push(added);
  ctx.indexes.invalidate(pkg);
  return added;
}
