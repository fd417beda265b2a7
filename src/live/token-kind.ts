/**
 * The kinds of token GitHub documents, told by their prefix. Used only to explain a refusal better:
 * a token is never refused up front for its kind, since GitHub (or a GitHub Enterprise Server) may
 * accept tomorrow what it refuses today.
 */
export type TokenKind = "classic" | "oauth" | "user-to-server" | "installation" | "fine-grained";

const PREFIXES: readonly (readonly [string, TokenKind])[] = [
  ["github_pat_", "fine-grained"],
  ["ghp_", "classic"],
  ["gho_", "oauth"],
  ["ghu_", "user-to-server"],
  ["ghs_", "installation"],
];

const DESCRIPTIONS: Readonly<Record<TokenKind, string>> = {
  classic: "a personal access token (classic)",
  oauth: "an OAuth app token",
  "user-to-server": "a GitHub App user access token",
  installation: "an installation token (GitHub Actions' GITHUB_TOKEN, or a GitHub App's)",
  "fine-grained": "a fine-grained personal access token",
};

/** The kind of a token by its prefix; undefined for one GitHub does not document (or none). */
export function tokenKind(token: string | undefined): TokenKind | undefined {
  if (!token) return undefined;
  return PREFIXES.find(([prefix]) => token.startsWith(prefix))?.[1];
}

/** `a personal access token (classic)`: what a message may say about a token, never the token. */
export function describeTokenKind(token: string | undefined): string | undefined {
  const kind = tokenKind(token);
  return kind && DESCRIPTIONS[kind];
}

const SCOPES = "read:packages to plan, delete:packages to apply (and write:packages to restore)";
const CLASSIC_INSTEAD = `use a personal access token (classic) of the packages' owner with ${SCOPES}`;
const ACTIONS_ACCESS =
  "in the workflow, grant `permissions: packages: write`; in each package's settings, under " +
  '"Manage Actions access", add this repository with the Admin role (deleting and restoring versions need Admin)';

/**
 * One sentence that tells the user what to do about a 401, 403 or 404 answered to a token of this
 * kind, to add after GitHub's own message; undefined when there is nothing to add.
 */
export function explainTokenRefusal(kind: TokenKind | undefined, status: number): string | undefined {
  if (status !== 401 && status !== 403 && status !== 404) return undefined;
  switch (kind) {
    case "fine-grained":
      return `GitHub Packages does not accept fine-grained personal access tokens; ${CLASSIC_INSTEAD}.`;
    case "user-to-server":
      return `GitHub Packages does not accept GitHub App user access tokens; ${CLASSIC_INSTEAD}.`;
    case "installation":
      if (status === 401)
        return "installation tokens expire after an hour: take a fresh one (in a workflow, `${{ github.token }}`).";
      return (
        "an installation token reaches only the packages that grant its repository access " +
        `(a GitHub App's token reaches none: GitHub Packages accepts only GITHUB_TOKEN of this kind): ${ACTIONS_ACCESS}.`
      );
    case "oauth":
      if (status === 401) return "the OAuth app token is wrong, expired or revoked.";
      return `the OAuth app must ask for ${SCOPES}, and an organisation may restrict OAuth app access.`;
    case "classic":
      if (status === 401) return "the token is wrong, expired or revoked: create a new one.";
      if (status === 403) return `the token needs the scopes ${SCOPES}.`;
      return "the package does not exist, or the token's user cannot see it (a private package of another user).";
    case undefined:
      return status === 401
        ? "the token is missing or not one GitHub knows: set GITHUB_TOKEN to a personal access token (classic)."
        : undefined;
  }
}
