import { sameLogin } from "../accounts.js";
import { restAnswer, restError, type Answer, type Mutation } from "../exchange.js";
import { versionPayload } from "../github-payloads.js";
import { pageRequest, paginate } from "../pagination.js";
import {
  deletedListing,
  deleteRefusal,
  isPackageAdmin,
  markDeleted,
  markRestored,
  MESSAGES,
  restoreRefusal,
  type OtherVersionFinder,
} from "../rules.js";
import type { SandboxPackage } from "../state.js";
import { canonicalUrl } from "./package-owner.js";
import { scopeHeaders, SCOPES, type PackageRequest } from "./package-request.js";

/**
 * A package's versions: active (or deleted, for whom GitHub shows them), newest first, a slice of
 * the sorted index per page, with Link headers on GitHub's id-based path.
 */
export function listVersions(request: PackageRequest, pkg: SandboxPackage): Answer {
  const { ctx, ex, caller, scope, owner } = request;
  let listed: "active" | "deleted" = "active";
  if (ex.url.searchParams.get("state") === "deleted") {
    // `/user/{id}/…` is where GitHub's links send `/user/…` listings: the owner's own, when it is the caller.
    const via = scope.prefix === "/user/{id}" && sameLogin(owner.login, caller.login) ? "self" : scope.kind;
    const decision = deletedListing(ctx.state, caller, pkg, via);
    if (typeof decision === "object")
      return restError(decision.status, decision.message, { route: request.route });
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
    request.route,
    { ...scopeHeaders(caller, SCOPES.read), ...(page.link ? { link: page.link } : {}) },
  );
}

/** One active version; a deleted one is not found, as GitHub answers. */
export function getVersion(request: PackageRequest, pkg: SandboxPackage, id: number): Answer {
  const version = request.ctx.indexes.byId(pkg, id);
  if (!version || version.deleted_at !== null)
    return restError(404, MESSAGES.versionNotFound, { route: request.route });
  return restAnswer(
    200,
    versionPayload(request.ex.apiBase, pkg, version, request.owner),
    request.route,
    scopeHeaders(request.caller, SCOPES.read),
  );
}

/**
 * A delete or restore by a package admin, checked against GitHub's refusals when it is carried
 * out (the server may hold it first), not when it arrives.
 */
export function changeVersion(request: PackageRequest, pkg: SandboxPackage, id: number): Answer | Mutation {
  const { ctx, ex } = request;
  if (!isPackageAdmin(ctx.state, request.caller, pkg))
    return restError(403, MESSAGES.notAdmin, { route: request.route });
  const deleting = ex.method === "DELETE";
  return {
    mutation: {
      method: ex.method,
      path: ex.url.pathname,
      versionId: id,
      route: request.route,
      perform: () => {
        const now = ctx.clock();
        const version = ctx.indexes.byId(pkg, id);
        const anyOther: OtherVersionFinder = (p, kind, except, test) =>
          ctx.indexes.anyOther(p, kind, except, test);
        const refusal = deleting ? deleteRefusal(pkg, version, anyOther) : restoreRefusal(pkg, version, now);
        if (refusal || !version)
          return restError(refusal?.status ?? 404, refusal?.message ?? MESSAGES.versionNotFound, {
            route: request.route,
          });
        if (deleting) markDeleted(version, now);
        else markRestored(version);
        ctx.indexes.invalidate(pkg);
        return { status: 204, kind: "rest", route: request.route };
      },
    },
  };
}
