import { bearerToken, identify } from "../callers.js";
import { restError, type Answer, type Exchange, type Mutation } from "../exchange.js";
import { accountRoutes } from "./accounts.js";
import { commentRoutes, type SandboxComment } from "./comments.js";
import type { RouteContext } from "./context.js";
import { packageRoutes } from "./packages.js";

const REST_DOCS = "https://docs.github.com/rest";

/**
 * GitHub's REST API as the sandbox serves it: the token decides who calls (401 for an unknown
 * one), accounts may be looked up without one, everything else needs one.
 */
export function restRoutes(ctx: RouteContext, comments: SandboxComment[]) {
  const commentRoute = commentRoutes(comments, ctx.clock);
  return (ex: Exchange): Answer | Mutation => {
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
}
