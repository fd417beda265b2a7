import { stableId, type Account } from "./accounts.js";
import { githubTime, githubTimeOf } from "./github-time.js";
import type { SandboxPackage, SandboxVersion } from "./state.js";

/**
 * GitHub's JSON shapes (components/schemas in GitHub's OpenAPI description), built only for what a
 * page serves. `apiBase` is the API's root as the client reached it (with `/api/v3` on GHES).
 */
export interface PackageOwner {
  readonly login: string;
  readonly type: "User" | "Organization";
  readonly id: number;
}

const ownerSegment = (owner: PackageOwner) => (owner.type === "Organization" ? "orgs" : "users");

/** A package version exactly as GitHub's REST API shapes it (components/schemas/package-version). */
export function versionPayload(
  apiBase: string,
  pkg: SandboxPackage,
  v: SandboxVersion,
  owner: PackageOwner = { login: pkg.owner, type: "User", id: 0 },
): Record<string, unknown> {
  const segment = ownerSegment(owner);
  const name = encodeURIComponent(pkg.name);
  return {
    id: v.id,
    name: v.name,
    url: `${apiBase}/${segment}/${pkg.owner}/packages/${pkg.type}/${name}/versions/${v.id}`,
    package_html_url: `https://github.com/${segment}/${pkg.owner}/packages/${pkg.type}/package/${name}`,
    html_url: `https://github.com/${segment}/${pkg.owner}/packages/${pkg.type}/${name}/${v.id}`,
    created_at: githubTimeOf(v.created_at),
    updated_at: githubTimeOf(v.updated_at),
    ...(v.deleted_at ? { deleted_at: githubTimeOf(v.deleted_at) } : {}),
    metadata: {
      package_type: pkg.type,
      ...(pkg.type === "container" ? { container: { tags: v.tags } } : {}),
      // GitHub's description names the field `tag` but requires `tags`; answer both, as either may be read.
      ...(pkg.type === "docker" ? { docker: { tag: v.tags, tags: v.tags } } : {}),
    },
  };
}

/** components/schemas/package: `version_count` counts active versions, as GitHub's does. */
export function packagePayload(
  apiBase: string,
  pkg: SandboxPackage,
  owner: PackageOwner = { login: pkg.owner, type: "User", id: 0 },
): Record<string, unknown> {
  let active = 0;
  let first = "";
  let last = "";
  for (const v of pkg.versions) {
    if (v.deleted_at === null) active++;
    if (first === "" || v.created_at < first) first = v.created_at;
    if (v.created_at > last) last = v.created_at;
  }
  const segment = ownerSegment(owner);
  const name = encodeURIComponent(pkg.name);
  return {
    id: packageId(pkg),
    name: pkg.name,
    package_type: pkg.type,
    owner: userPayload(apiBase, owner.login, owner),
    version_count: active,
    visibility: pkg.visibility,
    url: `${apiBase}/${segment}/${pkg.owner}/packages/${pkg.type}/${name}`,
    html_url: `https://github.com/${segment}/${pkg.owner}/packages/${pkg.type}/package/${name}`,
    created_at: githubTime(first ? Date.parse(first) : 0),
    updated_at: githubTime(last ? Date.parse(last) : 0),
  };
}

/** A stable numeric id for a package, so repeated answers agree. */
export function packageId(pkg: SandboxPackage): number {
  return stableId(`${pkg.owner}/${pkg.type}/${pkg.name}`);
}

/** components/schemas/simple-user; `account` gives the type and id when known. */
export function userPayload(
  apiBase: string,
  login: string,
  account?: Pick<Account, "type" | "id">,
): Record<string, unknown> {
  const id = account?.id || stableId(login);
  return {
    login,
    id,
    node_id: `${account?.type === "Organization" ? "O" : "U"}_sandbox${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}`,
    gravatar_id: "",
    url: `${apiBase}/users/${login}`,
    html_url: `https://github.com/${login}`,
    followers_url: `${apiBase}/users/${login}/followers`,
    following_url: `${apiBase}/users/${login}/following{/other_user}`,
    gists_url: `${apiBase}/users/${login}/gists{/gist_id}`,
    starred_url: `${apiBase}/users/${login}/starred{/owner}{/repo}`,
    subscriptions_url: `${apiBase}/users/${login}/subscriptions`,
    organizations_url: `${apiBase}/users/${login}/orgs`,
    repos_url: `${apiBase}/users/${login}/repos`,
    events_url: `${apiBase}/users/${login}/events{/privacy}`,
    received_events_url: `${apiBase}/users/${login}/received_events`,
    type: account?.type ?? "User",
    site_admin: false,
  };
}

/** components/schemas/public-user: what `GET /users/{login}` answers, for users and organisations. */
export function publicUserPayload(apiBase: string, account: Account): Record<string, unknown> {
  return {
    ...userPayload(apiBase, account.login, account),
    name: account.login,
    company: null,
    blog: "",
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: "2011-01-25T18:44:36Z",
    updated_at: "2026-01-01T00:00:00Z",
  };
}

export function authenticatedUserPayload(
  apiBase: string,
  login: string,
  id?: number,
): Record<string, unknown> {
  return publicUserPayload(apiBase, { login, type: "User", id: id ?? stableId(login), admins: [] });
}

/** components/schemas/organization-full: what `GET /orgs/{org}` answers. */
export function organizationPayload(apiBase: string, account: Account): Record<string, unknown> {
  const org = `${apiBase}/orgs/${account.login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: `O_sandbox${account.id}`,
    url: org,
    repos_url: `${org}/repos`,
    events_url: `${org}/events`,
    hooks_url: `${org}/hooks`,
    issues_url: `${org}/issues`,
    members_url: `${org}/members{/member}`,
    public_members_url: `${org}/public_members{/member}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}`,
    description: null,
    html_url: `https://github.com/${account.login}`,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    type: "Organization",
    created_at: "2011-01-25T18:44:36Z",
    updated_at: "2026-01-01T00:00:00Z",
    archived_at: null,
  };
}
