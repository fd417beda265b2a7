import type { SandboxState } from "./state.js";

/** An account as the sandbox answers for it: GitHub's login spelling, type and a stable id. */
export interface Account {
  readonly login: string;
  readonly type: "User" | "Organization";
  readonly id: number;
  readonly admins: readonly string[];
}

export const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** A stable numeric id for a login, so repeated answers (and id-based Link paths) agree. */
export function stableId(text: string): number {
  let hash = 7;
  for (const ch of text) hash = (hash * 31 + ch.charCodeAt(0)) % 1_000_000;
  return hash + 1;
}

/**
 * Every login the sandbox knows: listed accounts, the viewer, package owners and token holders.
 * Like GitHub, a login is matched without regard to case.
 */
export function findAccount(state: SandboxState, login: string): Account | undefined {
  for (const [name, account] of Object.entries(state.accounts ?? {}))
    if (sameLogin(name, login))
      return {
        login: name,
        type: account.type,
        id: account.id ?? stableId(name),
        admins: account.type === "Organization" ? (account.admins ?? []) : [],
      };
  const known = [
    state.viewer,
    ...state.packages.map((p) => p.owner),
    ...Object.values(state.tokens ?? {}).map((t) => (typeof t === "string" ? t : t.login)),
  ].find((name) => sameLogin(name, login));
  return known === undefined ? undefined : { login: known, type: "User", id: stableId(known), admins: [] };
}

/** The account behind an id-based path (`/user/{id}/…`, `/organizations/{id}/…`). */
export function findAccountById(state: SandboxState, id: number): Account | undefined {
  const logins = [...Object.keys(state.accounts ?? {}), state.viewer, ...state.packages.map((p) => p.owner)];
  for (const login of logins) {
    const account = findAccount(state, login);
    if (account?.id === id) return account;
  }
  return undefined;
}
