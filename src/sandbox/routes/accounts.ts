import { findAccount, sameLogin } from "../accounts.js";
import type { Caller } from "../callers.js";
import type { Exchange, RouteResult } from "../exchange.js";
import { restAnswer, restError } from "../exchange.js";
import { authenticatedUserPayload, organizationPayload, publicUserPayload } from "../github-payloads.js";
import { MESSAGES } from "../rules.js";
import type { RouteContext } from "./context.js";

const USERS_DOCS = "https://docs.github.com/rest/users/users";
const ORGS_DOCS = "https://docs.github.com/rest/orgs/orgs";

/**
 * Who is who: `GET /user` (refused to installation tokens, as GitHub does), `GET /users/{login}`
 * (users and organisations alike, with `type`), `GET /orgs/{org}`.
 */
export function accountRoutes(ctx: RouteContext, ex: Exchange, caller: Caller | undefined): RouteResult {
  if (ex.method !== "GET" && ex.method !== "HEAD") return undefined;
  const [first, login, ...rest] = ex.segments;
  if (first === "user" && login === undefined) {
    if (!caller) return restError(401, "Requires authentication", { docs: USERS_DOCS, route: "GET /user" });
    if (caller.kind === "installation")
      return restError(403, MESSAGES.integration, {
        docs: `${USERS_DOCS}#get-the-authenticated-user`,
        route: "GET /user",
      });
    const account = findAccount(ctx.state, caller.login);
    return restAnswer(200, authenticatedUserPayload(ex.apiBase, caller.login, account?.id), "GET /user");
  }
  if (login === undefined || rest.length > 0) return undefined;
  if (first === "users") {
    const account = findAccount(ctx.state, login);
    return account
      ? restAnswer(200, publicUserPayload(ex.apiBase, account), "GET /users/{username}")
      : restError(404, "Not Found", { docs: `${USERS_DOCS}#get-a-user`, route: "GET /users/{username}" });
  }
  if (first === "orgs") {
    const account = findAccount(ctx.state, login);
    return account?.type === "Organization" && sameLogin(account.login, login)
      ? restAnswer(200, organizationPayload(ex.apiBase, account), "GET /orgs/{org}")
      : restError(404, "Not Found", { docs: `${ORGS_DOCS}#get-an-organization`, route: "GET /orgs/{org}" });
  }
  return undefined;
}
