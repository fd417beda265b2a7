import { bearerToken, identify } from "../callers.js";
import { isMutation, restError, type Answer, type Exchange, type Mutation } from "../exchange.js";
import { accountRoutes } from "./accounts.js";
import { commentRoutes, type SandboxComment } from "./comments.js";
import type { RouteContext } from "./context.js";
import { packageRoutes } from "./packages.js";

const REST_DOCS = "https://docs.github.com/rest";
const VERSIONS_DOCS = "https://docs.github.com/rest/about-the-rest-api/api-versions";
/** The first REST API version, whose payloads the sandbox's follow for every later one. */
const FIRST_API_VERSION = "2022-11-28";

/**
 * GitHub names its REST API versions by date and answers 400 for one it does not serve. The sandbox
 * cannot know which later versions GitHub serves by now, and a client that sends the newest must not
 * be refused here when GitHub would answer it: a version is served when it is a date from the first
 * version to today (the package endpoints' payloads have kept their shape); a malformed one, one
 * before 2022-11-28 or one after today cannot be GitHub's, and is refused.
 */
function servedVersion(version: string, nowMs: number): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(version) || Number.isNaN(Date.parse(version))) return false;
  return version >= FIRST_API_VERSION && version <= new Date(nowMs).toISOString().slice(0, 10);
}

/**
 * GitHub's REST API as the sandbox serves it: the token decides who calls (401 for an unknown
 * one), accounts may be looked up without one, everything else needs one.
 */
export function restRoutes(ctx: RouteContext, comments: SandboxComment[]) {
  const commentRoute = commentRoutes(comments, ctx.clock);
  const route = (ex: Exchange): Answer | Mutation => {
    // GitHub refuses a version it does not serve rather than silently answering another one.
    const version = ex.headers["x-github-api-version"];
    if (typeof version === "string" && !servedVersion(version.trim(), ctx.clock()))
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
