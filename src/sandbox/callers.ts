import type { SandboxState } from "./state.js";

/** Who a request speaks for, as GitHub sees a token. */
export interface Caller {
  readonly login: string;
  readonly kind: "classic" | "installation";
  /** Classic scopes; undefined means every scope ghpkg needs. */
  readonly scopes: readonly string[] | undefined;
  /** Installation tokens: the packages granted, as lower-cased `owner/type/name`. */
  readonly grants: ReadonlySet<string>;
}

const ALL_SCOPES = ["read:packages", "write:packages", "delete:packages"];

/** The caller a token stands for, or undefined for a token GitHub would answer 401 "Bad credentials". */
export function identify(state: SandboxState, token: string): Caller | undefined {
  if (token === "") return undefined;
  if (!state.tokens) return { login: state.viewer, kind: "classic", scopes: undefined, grants: new Set() };
  const entry = state.tokens[token];
  if (entry === undefined) return undefined;
  if (typeof entry === "string")
    return { login: entry, kind: "classic", scopes: undefined, grants: new Set() };
  return {
    login: entry.login,
    kind: entry.kind ?? "classic",
    scopes: entry.scopes,
    grants: new Set((entry.packages ?? []).map((p) => p.toLowerCase())),
  };
}

/** The token in an `Authorization: token …` or `Bearer …` header, or "" when there is none. */
export function bearerToken(header: string | undefined): string {
  return /^(?:token|bearer)\s+(.+)$/i.exec(header ?? "")?.[1] ?? "";
}

/** What GitHub reports in X-OAuth-Scopes for this caller. */
export function grantedScopes(caller: Caller): readonly string[] {
  return caller.kind === "installation" ? [] : (caller.scopes ?? ALL_SCOPES);
}

/** A classic token lacks a scope when it names its scopes and none of those accepted is among them. */
export function lacksScope(caller: Caller, accepted: readonly string[]): boolean {
  return (
    caller.kind === "classic" &&
    caller.scopes !== undefined &&
    !accepted.some((scope) => caller.scopes?.includes(scope))
  );
}
