import { bearerToken, identify } from "../callers.js";
import { isMutation, restError, type Answer, type Exchange, type Mutation } from "../exchange.js";
import { accountRoutes } from "./accounts.js";
import { commentRoutes, type SandboxComment } from "./comments.js";
import type { RouteContext } from "./context.js";
import { packageRoutes } from "./packages.js";

const REST_DOCS = "https://docs.github.com/rest";
const VERSIONS_DOCS = "https://docs.github.com/rest/about-the-rest-api/api-versions";
/** The one REST API version the sandbox's payloads follow; it answers `x-github-api-version-selected` with it. */
const SUPPORTED_API_VERSIONS = new Set(["2022-11-28"]);

/**
 * GitHub's REST API as the sandbox serves it: the token decides who calls (401 for an unknown
 * one), accounts may be looked up without one, everything else needs one.
 */
export function restRoutes(ctx: RouteContext, comments: SandboxComment[]) {
  const commentRoute = commentRoutes(comments, ctx.clock);
  const route = (ex: Exchange): Answer | Mutation => {
    // GitHub refuses a version it does not serve rather than silently answering another one.
    const version = ex.headers["x-github-api-version"];
    if (typeof version === "string" && !SUPPORTED_API_VERSIONS.has(version.trim()))
      return restError(400, `API version ${version.trim()} is not supported.`, { docs: VERSIONS_DOCS });
    const token = bearerToken(ex.headers.authorization);
    const caller = token === "" ? undefined : identify(ctx.state, token);
    if (token !== "" && !caller) return restError(401, "Bad credentials", { docs: REST_DOCS });
    const account = accountRoutes(ctx, ex, caller);
    if (account) return account;
    if (!caller) return restError(401, "Requires authentication", { docs: REST_DOCS });
    return (
      commentRoute(ex, caller.login) ??
      packageRoutes(ctx, ex, caller) ??
      restError(404, "Not Found", { docs: REST_DOCS })
    );
  };
  // HEAD is GET without the body at api.github.com (curl -I, link checkers, ETag probes).
  return (ex: Exchange): Answer | Mutation => {
    if (ex.method !== "HEAD") return route(ex);
    const answer = route({ ...ex, method: "GET" });
    return isMutation(answer) ? answer : { ...answer, headOnly: true };
  };
}
