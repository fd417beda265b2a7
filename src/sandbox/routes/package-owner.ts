import { findAccount, findAccountById, type Account } from "../accounts.js";
import type { Caller } from "../callers.js";
import { restError, type Answer, type Exchange } from "../exchange.js";
import { MESSAGES } from "../rules.js";
import type { RouteContext } from "./context.js";

/** How the owner was named in the path: it decides the route's name and what `state=deleted` means. */
export type Scope =
  | { kind: "self"; prefix: "/user" }
  | { kind: "user"; prefix: "/users/{username}" | "/user/{id}" }
  | { kind: "org"; prefix: "/orgs/{org}" | "/organizations/{id}" };

export interface OwnerPath {
  readonly scope: Scope;
  readonly owner: Account;
  /** The segments after `…/packages`. */
  readonly rest: readonly string[];
}

/**
 * Reads the owner part of a package path: `/user/packages…`, `/users/{u}/packages…`,
 * `/orgs/{o}/packages…`, and the id-based `/user/{id}/packages…` and `/organizations/{id}/packages…`
 * GitHub links to. An organisation is not served under `/users`, nor a user under `/orgs`.
 * Undefined when the path is not a package route at all.
 */
export function resolveOwner(
  ctx: RouteContext,
  segments: readonly string[],
  caller: Caller,
): OwnerPath | Answer | undefined {
  const [first, second, third, ...tail] = segments;
  if (first === "user" && second === "packages") {
    if (caller.kind === "installation") return restError(403, MESSAGES.integration);
    const owner = findAccount(ctx.state, caller.login) ?? {
      login: caller.login,
      type: "User",
      id: 0,
      admins: [],
    };
    const rest = third === undefined ? tail : [third, ...tail];
    return { scope: { kind: "self", prefix: "/user" }, owner, rest };
  }
  if (third !== "packages" || second === undefined) return undefined;
  const byId = /^\d+$/.test(second);
  let owner: Account | undefined;
  let scope: Scope;
  if (first === "users")
    [owner, scope] = [findAccount(ctx.state, second), { kind: "user", prefix: "/users/{username}" }];
  else if (first === "orgs")
    [owner, scope] = [findAccount(ctx.state, second), { kind: "org", prefix: "/orgs/{org}" }];
  else if (first === "user" && byId)
    [owner, scope] = [findAccountById(ctx.state, Number(second)), { kind: "user", prefix: "/user/{id}" }];
  else if (first === "organizations" && byId)
    [owner, scope] = [
      findAccountById(ctx.state, Number(second)),
      { kind: "org", prefix: "/organizations/{id}" },
    ];
  else return undefined;
  const wanted = scope.kind === "org" ? "Organization" : "User";
  if (owner?.type !== wanted) return restError(404, "Not Found");
  return { scope, owner, rest: tail };
}

/** GitHub's Link URLs name the owner by id: `/user/{id}/packages…` or `/organizations/{id}/packages…`. */
export function canonicalUrl(ex: Exchange, owner: Account, tail: string): string {
  const ownerPath = owner.type === "Organization" ? `/organizations/${owner.id}` : `/user/${owner.id}`;
  return `${ex.apiBase}${ownerPath}/packages${tail}`;
}
