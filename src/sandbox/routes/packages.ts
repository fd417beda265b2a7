import { PACKAGE_TYPES, type PackageType } from "../../model/package.js";
import { sameLogin, type Account } from "../accounts.js";
import type { Caller } from "../callers.js";
import { restAnswer, restError, type Answer, type Exchange, type RouteResult } from "../exchange.js";
import { packagePayload } from "../github-payloads.js";
import { pageRequest, paginate } from "../pagination.js";
import { canRead, MESSAGES } from "../rules.js";
import type { SandboxPackage } from "../state.js";
import type { RouteContext } from "./context.js";
import { canonicalUrl, resolveOwner } from "./package-owner.js";
import { lackingScope, scopeHeaders, SCOPES, type PackageRequest } from "./package-request.js";
import { changeVersion, getVersion, listVersions } from "./versions.js";

/** GitHub lists at most 10,000 packages through page × per_page (its OpenAPI description's 400). */
const PACKAGE_LISTING_LIMIT = 10_000;

/**
 * GitHub's package endpoints for users and organisations: list packages, get one, list versions
 * (active or deleted), get, delete and restore a version. Undefined for paths that are not these.
 */
export function packageRoutes(ctx: RouteContext, ex: Exchange, caller: Caller): RouteResult {
  const resolved = resolveOwner(ctx, ex.segments, caller);
  if (resolved === undefined || "status" in resolved) return resolved;
  const { scope, owner, rest } = resolved;
  const [type, name, versions, id, restore, ...extra] = rest;
  const request = (tail: string): PackageRequest => ({
    ctx,
    ex,
    caller,
    scope,
    owner,
    route: `${ex.method} ${scope.prefix}/packages${tail}`,
  });

  if (type === undefined) {
    if (ex.method !== "GET") return undefined;
    const listing = request("");
    return lackingScope(listing, SCOPES.read, "list packages") ?? listPackages(listing);
  }
  if (name === undefined || extra.length > 0) return undefined;
  if ((versions ?? "versions") !== "versions" || (restore ?? "restore") !== "restore") return undefined;

  const tail =
    "/{package_type}/{package_name}" +
    (versions ? "/versions" : "") +
    (id !== undefined ? "/{package_version_id}" : "") +
    (restore ? "/restore" : "");
  const r = request(tail);
  const allowed = restore ? ["POST"] : id !== undefined ? ["GET", "DELETE"] : ["GET"];
  if (!allowed.includes(ex.method)) return restError(404, "Not Found", { route: r.route });
  const accepted =
    ex.method === "DELETE" ? SCOPES.delete : ex.method === "POST" ? SCOPES.restore : SCOPES.read;
  const refused = lackingScope(
    r,
    accepted,
    ex.method === "GET" ? "read this package" : "change this package",
  );
  if (refused) return refused;

  const pkg = findPackage(ctx, owner, type, name);
  if (!pkg || !canRead(ctx.state, caller, pkg))
    return restError(404, MESSAGES.packageNotFound, { route: r.route });
  if (versions === undefined)
    return restAnswer(
      200,
      packagePayload(ex.apiBase, pkg, owner),
      r.route,
      scopeHeaders(caller, SCOPES.read),
    );
  if (id === undefined) return listVersions(r, pkg);
  const versionId = /^\d+$/.test(id) ? Number(id) : NaN;
  return ex.method === "GET" ? getVersion(r, pkg, versionId) : changeVersion(r, pkg, versionId);
}

function findPackage(
  ctx: RouteContext,
  owner: Account,
  type: string,
  name: string,
): SandboxPackage | undefined {
  if (!(PACKAGE_TYPES as readonly string[]).includes(type)) return undefined;
  // GitHub finds a package by its name without regard to case, as it finds logins.
  return ctx.state.packages.find(
    (p) => sameLogin(p.owner, owner.login) && p.type === (type as PackageType) && sameLogin(p.name, name),
  );
}

/** An owner's packages of one type that the caller may see, paginated like every GitHub listing. */
function listPackages(request: PackageRequest): Answer {
  const { ctx, ex, caller, owner, route } = request;
  const type = ex.url.searchParams.get("package_type");
  if (type === null || !(PACKAGE_TYPES as readonly string[]).includes(type))
    return restError(
      422,
      type === null
        ? 'Invalid request.\n\n"package_type" wasn\'t supplied.'
        : `Invalid request.\n\n"${type}" is not a valid package_type.`,
      { route },
    );
  const { page, perPage } = pageRequest(ex.url, ctx.maxPerPage);
  if (page * perPage > PACKAGE_LISTING_LIMIT)
    return restError(400, "The value of `per_page` multiplied by `page` cannot be greater than 10000.", {
      route,
    });
  const visibility = ex.url.searchParams.get("visibility");
  const visible = ctx.state.packages.filter(
    (p) =>
      sameLogin(p.owner, owner.login) &&
      p.type === type &&
      (visibility === null || p.visibility === visibility) &&
      canRead(ctx.state, caller, p),
  );
  const listed = paginate(ex.url, visible, ctx.maxPerPage, canonicalUrl(ex, owner, ""));
  return restAnswer(
    200,
    listed.items.map((p) => packagePayload(ex.apiBase, p, owner)),
    route,
    { ...scopeHeaders(caller, SCOPES.read), ...(listed.link ? { link: listed.link } : {}) },
  );
}
