import type { Account } from "../accounts.js";
import { grantedScopes, lacksScope, type Caller } from "../callers.js";
import { restError, type Answer, type Exchange } from "../exchange.js";
import type { RouteContext } from "./context.js";
import type { Scope } from "./package-owner.js";

/** One request to a package route, with what every handler of it needs to answer like GitHub. */
export interface PackageRequest {
  readonly ctx: RouteContext;
  readonly ex: Exchange;
  readonly caller: Caller;
  readonly scope: Scope;
  readonly owner: Account;
  /** The route's name as GitHub's OpenAPI paths name it, for counters. */
  readonly route: string;
}

export const SCOPES = {
  read: ["read:packages"],
  delete: ["delete:packages"],
  restore: ["write:packages"],
} as const;

/** What GitHub reports of a classic token's scopes, on every answer of a package route. */
export function scopeHeaders(caller: Caller, accepted: readonly string[]): Record<string, string> {
  return {
    "x-oauth-scopes": grantedScopes(caller).join(", "),
    "x-accepted-oauth-scopes": accepted.join(", "),
  };
}

/** 403 with both scope headers when a classic token lacks every accepted scope. */
export function lackingScope(
  request: PackageRequest,
  accepted: readonly string[],
  what: string,
): Answer | undefined {
  if (!lacksScope(request.caller, accepted)) return undefined;
  return restError(403, `You need at least ${accepted[0] ?? ""} scope to ${what}.`, {
    headers: scopeHeaders(request.caller, accepted),
    route: request.route,
  });
}
