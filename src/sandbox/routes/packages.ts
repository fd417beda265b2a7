import { PACKAGE_TYPES, type PackageType } from "../../packages.js";
import { findAccount, findAccountById, sameLogin, type Account } from "../accounts.js";
import { grantedScopes, lacksScope, type Caller } from "../callers.js";
import { restAnswer, restError, type Answer, type Exchange, type RouteResult } from "../exchange.js";
import { packagePayload, versionPayload } from "../github-payloads.js";
import { paginate, pageRequest } from "../pagination.js";
import {
  canRead,
  deletedListing,
  deleteRefusal,
  isPackageAdmin,
  markDeleted,
  markRestored,
  MESSAGES,
  restoreRefusal,
} from "../rules.js";
import type { SandboxPackage } from "../state.js";
import type { RouteContext } from "./context.js";

const READ_SCOPES = ["read:packages"];
const DELETE_SCOPES = ["delete:packages"];
const RESTORE_SCOPES = ["write:packages"];
/** GitHub lists at most 10,000 packages through page × per_page (its OpenAPI description's 400). */
const PACKAGE_LISTING_LIMIT = 10_000;

/** How the owner was named in the path: it decides the route's name and what `state=deleted` means. */
type Scope =
  | { kind: "self"; prefix: "/user" }
  | { kind: "user"; prefix: "/users/{username}" | "/user/{id}" }
  | { kind: "org"; prefix: "/orgs/{org}" | "/organizations/{id}" };

interface Resolved {
  readonly scope: Scope;
  readonly owner: Account;
  readonly rest: readonly string[];
}

/**
 * GitHub's package endpoints for users and organisations: list packages, get one, list versions
 * (active or deleted), get, delete and restore a version. The id-based paths GitHub puts in Link
 * headers (`/user/{id}/…`, `/organizations/{id}/…`) are served as well.
 */
export function packageRoutes(ctx: RouteContext, ex: Exchange, caller: Caller): RouteResult {
  const resolved = resolveOwner(ctx, ex.segments, caller);
  if (resolved === undefined) return undefined;
  if ("status" in resolved) return resolved;
  const { scope, owner, rest } = resolved;
  const route = (tail: string) => `${ex.method} ${scope.prefix}/packages${tail}`;
  const scopeHeaders = (accepted: string[]) => ({
    "x-oauth-scopes": grantedScopes(caller).join(", "),
    "x-accepted-oauth-scopes": accepted.join(", "),
  });
  const lacking = (accepted: string[], what: string, name: string): Answer | undefined =>
    lacksScope(caller, accepted)
      ? restError(403, `You need at least ${accepted[0] ?? ""} scope to ${what}.`, {
          headers: scopeHeaders(accepted),
          route: route(name),
        })
      : undefined;

  if (rest.length === 0) {
    if (ex.method !== "GET") return undefined;
    return (
      lacking(READ_SCOPES, "list packages", "") ??
      listPackages(ctx, ex, caller, owner, route(""), scopeHeaders)
    );
  }

  const [type, name, versionsSegment, idSegment, restoreSegment, ...extra] = rest;
  if (name === undefined || extra.length > 0) return undefined;
  if (versionsSegment !== undefined && versionsSegment !== "versions") return undefined;
  if (restoreSegment !== undefined && restoreSegment !== "restore") return undefined;
  const tail =
    "/{package_type}/{package_name}" +
    (versionsSegment ? "/versions" : "") +
    (idSegment !== undefined ? "/{package_version_id}" : "") +
    (restoreSegment ? "/restore" : "");
  const expected = restoreSegment ? ["POST"] : idSegment !== undefined ? ["GET", "DELETE"] : ["GET"];
  if (!expected.includes(ex.method)) return restError(404, "Not Found", { route: route(tail) });

  const mutation = ex.method === "DELETE" || ex.method === "POST";
  const accepted =
    ex.method === "DELETE" ? DELETE_SCOPES : ex.method === "POST" ? RESTORE_SCOPES : READ_SCOPES;
  const refused = lacking(accepted, mutation ? "change this package" : "read this package", tail);
  if (refused) return refused;

  const pkg = findPackage(ctx, owner, type ?? "", name);
  if (!pkg || !canRead(ctx.state, caller, pkg))
    return restError(404, MESSAGES.packageNotFound, { route: route(tail) });
  const headers = scopeHeaders(accepted);

  if (versionsSegment === undefined)
    return restAnswer(200, packagePayload(ex.apiBase, pkg, owner), route(tail), headers);

  if (idSegment === undefined) {
    const wanted = ex.url.searchParams.get("state") === "deleted" ? "deleted" : "active";
    let listed: "active" | "deleted" = "active";
    if (wanted === "deleted") {
      // `/user/{id}/…` is where GitHub's links send `/user/…` listings: the owner's own, when it is the caller.
      const via = scope.prefix === "/user/{id}" && sameLogin(owner.login, caller.login) ? "self" : scope.kind;
      const decision = deletedListing(ctx.state, caller, pkg, via);
      if (typeof decision === "object")
        return restError(decision.status, decision.message, { route: route(tail) });
      if (decision === "allowed") listed = "deleted";
    }
    const fresh = pageRequest(ex.url, ctx.maxPerPage).page === 1;
    const page = paginate(
      ex.url,
      ctx.indexes.listing(pkg, listed, fresh),
      ctx.maxPerPage,
      canonicalUrl(ex, owner, `/${pkg.type}/${encodeURIComponent(pkg.name)}/versions`),
    );
    return restAnswer(
      200,
      page.items.map((v) => versionPayload(ex.apiBase, pkg, v, owner)),
      route(tail),
      { ...headers, ...(page.link ? { link: page.link } : {}) },
    );
  }

  const id = /^\d+$/.test(idSegment) ? Number(idSegment) : NaN;
  const version = ctx.indexes.byId(pkg, id);
  if (ex.method === "GET") {
    if (!version || version.deleted_at !== null)
      return restError(404, MESSAGES.versionNotFound, { route: route(tail) });
    return restAnswer(200, versionPayload(ex.apiBase, pkg, version, owner), route(tail), headers);
  }

  if (!isPackageAdmin(ctx.state, caller, pkg))
    return restError(403, MESSAGES.notAdmin, { route: route(tail) });
  return {
    mutation: {
      method: ex.method,
      path: ex.url.pathname,
      versionId: id,
      route: route(tail),
      perform: () => {
        const now = ctx.clock();
        const refusal =
          ex.method === "DELETE" ? deleteRefusal(pkg, version) : restoreRefusal(pkg, version, now);
        if (refusal) return restError(refusal.status, refusal.message, { route: route(tail) });
        if (version) {
          if (ex.method === "DELETE") markDeleted(version, now);
          else markRestored(version);
        }
        ctx.indexes.invalidate(pkg);
        return { status: 204, kind: "rest", route: route(tail) };
      },
    },
  };
}

/** Reads the owner part of the path; undefined when the path is not a package route at all. */
function resolveOwner(
  ctx: RouteContext,
  segments: readonly string[],
  caller: Caller,
): Resolved | Answer | undefined {
  const [first, second, third, ...tail] = segments;
  const notFound = restError(404, "Not Found");
  if (first === "user" && second === "packages") {
    if (caller.kind === "installation") return restError(403, MESSAGES.integration);
    const owner = findAccount(ctx.state, caller.login) ?? {
      login: caller.login,
      type: "User",
      id: 0,
      admins: [],
    };
    return { scope: { kind: "self", prefix: "/user" }, owner, rest: [third, ...tail].filter(isDefined) };
  }
  if (third !== "packages" || second === undefined) return undefined;
  const rest = tail;
  if (first === "users" || first === "orgs") {
    const owner = findAccount(ctx.state, second);
    const wanted = first === "orgs" ? "Organization" : "User";
    if (owner?.type !== wanted) return notFound;
    return first === "users"
      ? { scope: { kind: "user", prefix: "/users/{username}" }, owner, rest }
      : { scope: { kind: "org", prefix: "/orgs/{org}" }, owner, rest };
  }
  if ((first === "user" || first === "organizations") && /^\d+$/.test(second)) {
    const owner = findAccountById(ctx.state, Number(second));
    const wanted = first === "organizations" ? "Organization" : "User";
    if (owner?.type !== wanted) return notFound;
    return first === "user"
      ? { scope: { kind: "user", prefix: "/user/{id}" }, owner, rest }
      : { scope: { kind: "org", prefix: "/organizations/{id}" }, owner, rest };
  }
  return undefined;
}

const isDefined = <T>(value: T | undefined): value is T => value !== undefined;

function findPackage(
  ctx: RouteContext,
  owner: Account,
  type: string,
  name: string,
): SandboxPackage | undefined {
  if (!(PACKAGE_TYPES as readonly string[]).includes(type)) return undefined;
  return ctx.state.packages.find(
    (p) => sameLogin(p.owner, owner.login) && p.type === (type as PackageType) && p.name === name,
  );
}

function listPackages(
  ctx: RouteContext,
  ex: Exchange,
  caller: Caller,
  owner: Account,
  route: string,
  scopeHeaders: (accepted: string[]) => Record<string, string>,
): Answer {
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
    { ...scopeHeaders(READ_SCOPES), ...(listed.link ? { link: listed.link } : {}) },
  );
}

/** GitHub's Link URLs name the owner by id: `/user/{id}/packages…` or `/organizations/{id}/packages…`. */
function canonicalUrl(ex: Exchange, owner: Account, tail: string): string {
  const ownerPath = owner.type === "Organization" ? `/organizations/${owner.id}` : `/user/${owner.id}`;
  return `${ex.apiBase}${ownerPath}/packages${tail}`;
}
