import type { SandboxPackage, SandboxVersion } from "./state.js";

/** A package version exactly as GitHub's REST API shapes it (components/schemas/package-version). */
export function versionPayload(
  apiBase: string,
  pkg: SandboxPackage,
  v: SandboxVersion,
): Record<string, unknown> {
  const packagePath = `${pkg.owner}/packages/${pkg.type}/${encodeURIComponent(pkg.name)}`;
  return {
    id: v.id,
    name: v.name,
    url: `${apiBase}/users/${packagePath}/versions/${v.id}`,
    package_html_url: `https://github.com/users/${pkg.owner}/packages/${pkg.type}/package/${encodeURIComponent(pkg.name)}`,
    html_url: `https://github.com/users/${pkg.owner}/packages/${pkg.type}/${encodeURIComponent(pkg.name)}/${v.id}`,
    created_at: v.created_at,
    updated_at: v.updated_at,
    ...(v.deleted_at ? { deleted_at: v.deleted_at } : {}),
    metadata: {
      package_type: pkg.type,
      ...(pkg.type === "container" ? { container: { tags: v.tags } } : {}),
      // GitHub's description names the field `tag` but requires `tags`; answer both, as either may be read.
      ...(pkg.type === "docker" ? { docker: { tag: v.tags, tags: v.tags } } : {}),
    },
  };
}

export function packagePayload(apiBase: string, pkg: SandboxPackage): Record<string, unknown> {
  const active = pkg.versions.filter((v) => v.deleted_at === null);
  const created = pkg.versions.map((v) => v.created_at).sort();
  return {
    id: loginId(`${pkg.owner}/${pkg.type}/${pkg.name}`),
    name: pkg.name,
    package_type: pkg.type,
    owner: userPayload(apiBase, pkg.owner),
    version_count: active.length,
    visibility: pkg.visibility,
    url: `${apiBase}/users/${pkg.owner}/packages/${pkg.type}/${encodeURIComponent(pkg.name)}`,
    html_url: `https://github.com/users/${pkg.owner}/packages/${pkg.type}/package/${encodeURIComponent(pkg.name)}`,
    created_at: created[0] ?? new Date(0).toISOString(),
    updated_at: created.at(-1) ?? new Date(0).toISOString(),
  };
}

/** A stable numeric id for a login, so repeated answers agree. */
function loginId(login: string): number {
  let hash = 7;
  for (const ch of login) hash = (hash * 31 + ch.charCodeAt(0)) % 1_000_000;
  return hash + 1;
}

export function userPayload(apiBase: string, login: string): Record<string, unknown> {
  const id = loginId(login);
  return {
    login,
    id,
    node_id: `U_sandbox${id}`,
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
    type: "User",
    site_admin: false,
  };
}

export function authenticatedUserPayload(apiBase: string, login: string): Record<string, unknown> {
  return {
    ...userPayload(apiBase, login),
    name: login,
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
