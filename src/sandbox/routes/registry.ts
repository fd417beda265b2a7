import { createHash, randomBytes } from "node:crypto";
import { blobStore, repositoryHoldsBlob } from "../blobs.js";
import { identify, type Caller } from "../callers.js";
import type { Answer, Exchange } from "../exchange.js";
import { canRead } from "../rules.js";
import type { SandboxPackage } from "../state.js";
import type { RouteContext } from "./context.js";

/** What a pull token grants, as ghcr.io's token service scopes it. */
interface PullToken {
  readonly repositories: ReadonlySet<string>;
  readonly expiresAt: number;
}

/** ghcr.io hands out tokens that last five minutes. */
const TOKEN_LIFETIME_S = 300;
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

/** ghcr.io's paths (`/token`, `/v2/…`): served by the registry routes, outside the REST API's budget. */
export const isRegistryPath = (path: string): boolean =>
  path === "/token" || path === "/v2" || path.startsWith("/v2/");

/**
 * The read side of ghcr.io, as the OCI distribution spec and Docker's token authentication describe
 * it: a 401 challenge (`WWW-Authenticate: Bearer realm=…,service=…,scope=…`) for every request
 * without a pull token, `/token` to get one (Basic auth with a GitHub token, or anonymous for
 * public images), manifests by digest or tag with content negotiation, `tags/list` with `n`/`last`,
 * and 405 UNSUPPORTED for every write: the sandbox never pretends to delete or push.
 * Answers undefined for paths that are not the registry's.
 */
export function registryRoutes(ctx: RouteContext, options: { readonly serveDeleted?: boolean } = {}) {
  const pullTokens = new Map<string, PullToken>();
  const blobs = blobStore(ctx.state.blobs);

  return (ex: Exchange): Answer | undefined => {
    const path = ex.url.pathname;
    if (!isRegistryPath(path)) return undefined;
    if (path === "/token") return issueToken(ex);

    const match = /^\/v2\/(.+?)\/(manifests|tags|blobs)\/(.+)$/.exec(path);
    const repository = match?.[1]?.toLowerCase();
    const bearer = /^bearer\s+(.+)$/i.exec(ex.headers.authorization ?? "")?.[1] ?? "";
    const token = pullTokens.get(bearer);
    if (!token || token.expiresAt < Date.now())
      return challenge(ex, repository, "UNAUTHORIZED", "authentication required");
    if (repository !== undefined && !token.repositories.has(repository))
      return challenge(ex, repository, "DENIED", "requested access to the resource is denied", true);

    if (!match) {
      if (path === "/v2/" || path === "/v2")
        return registryAnswer(200, "{}", { "docker-distribution-api-version": "registry/2.0" }, "GET /v2/");
      return registryError(404, "NOT_FOUND", "not found", "GET /v2/…");
    }
    const [, , kind = "", reference = ""] = match;
    const route = `${ex.method} /v2/{name}/${kind}/${kind === "tags" ? "list" : "{reference}"}`;
    const readOnly = ex.method === "GET" || ex.method === "HEAD";
    if (!readOnly) return registryError(405, "UNSUPPORTED", "The operation is unsupported.", route);
    const pkg = repositoryOf(repository ?? "");
    if (!pkg) return registryError(404, "NAME_UNKNOWN", "repository name not known to registry", route);
    if (kind === "tags" && reference === "list") return listTags(ex, pkg, repository ?? "", route);
    if (kind === "manifests") return manifest(ex, pkg, decodeURIComponent(reference), route);
    if (kind === "blobs") return blob(ex, pkg, decodeURIComponent(reference), route);
    return registryError(404, "NOT_FOUND", "not found", route);
  };

  /** A config blob: clients such as `skopeo inspect` read it after the manifest and check its digest. */
  function blob(ex: Exchange, pkg: SandboxPackage, digest: string, route: string): Answer {
    const found = blobs.get(digest);
    if (!found || !repositoryHoldsBlob(pkg, digest))
      return registryError(404, "BLOB_UNKNOWN", "blob unknown to registry", route);
    return {
      ...registryAnswer(
        200,
        found.body,
        {
          "content-type": "application/octet-stream",
          "content-length": String(Buffer.byteLength(found.body)),
          "docker-content-digest": found.digest,
        },
        route,
      ),
      headOnly: ex.method === "HEAD",
    };
  }

  function issueToken(ex: Exchange): Answer {
    const route = "GET /token";
    const basic = /^basic\s+(.+)$/i.exec(ex.headers.authorization ?? "")?.[1];
    const password = basic ? Buffer.from(basic, "base64").toString("utf8").split(":").slice(1).join(":") : "";
    let caller: Caller | undefined;
    if (password !== "") {
      caller = identify(ctx.state, password);
      if (!caller) return registryError(401, "UNAUTHORIZED", "authentication required", route);
    }
    const repositories = new Set<string>();
    for (const scope of ex.url.searchParams.getAll("scope")) {
      const name = /^repository:(.+):[a-z,*]+$/.exec(scope)?.[1]?.toLowerCase();
      const pkg = name === undefined ? undefined : repositoryOf(name);
      if (name && pkg && (pkg.visibility === "public" || (caller && canRead(ctx.state, caller, pkg))))
        repositories.add(name);
    }
    const token = `sandbox-registry-${randomBytes(12).toString("hex")}`;
    pullTokens.set(token, { repositories, expiresAt: Date.now() + TOKEN_LIFETIME_S * 1000 });
    return registryAnswer(
      200,
      JSON.stringify({
        token,
        access_token: token,
        expires_in: TOKEN_LIFETIME_S,
        issued_at: new Date().toISOString(),
      }),
      {},
      route,
    );
  }

  function repositoryOf(repository: string): SandboxPackage | undefined {
    return ctx.state.packages.find(
      (p) => p.type === "container" && `${p.owner}/${p.name}`.toLowerCase() === repository,
    );
  }

  function manifest(ex: Exchange, pkg: SandboxPackage, reference: string, route: string): Answer {
    // A deleted version's manifest is gone, unless the registry is told to keep serving it by digest.
    const byDigest = /^sha256:[0-9a-f]{64}$/.test(reference) ? ctx.indexes.byName(pkg, reference) : undefined;
    const version = byDigest
      ? (byDigest.find((v) => v.deleted_at === null) ?? (options.serveDeleted ? byDigest[0] : undefined))
      : ctx.indexes.byTag(pkg, reference);
    if (version?.manifest_unreadable) return registryError(500, "UNKNOWN", "internal error", route);
    if (!version?.manifest) return registryError(404, "MANIFEST_UNKNOWN", "manifest unknown", route);
    const mediaType =
      typeof version.manifest.mediaType === "string" ? version.manifest.mediaType : OCI_MANIFEST;
    if (!accepts(ex.headers.accept, mediaType))
      return registryError(404, "MANIFEST_UNKNOWN", notAcceptable(mediaType), route);
    const body = JSON.stringify(version.manifest);
    return {
      ...registryAnswer(
        200,
        body,
        {
          "content-type": mediaType,
          "content-length": String(Buffer.byteLength(body)),
          "docker-content-digest": `sha256:${createHash("sha256").update(body).digest("hex")}`,
        },
        route,
      ),
      headOnly: ex.method === "HEAD",
    };
  }

  function listTags(ex: Exchange, pkg: SandboxPackage, repository: string, route: string): Answer {
    const all = ctx.indexes.tags(pkg);
    const last = ex.url.searchParams.get("last");
    const nText = ex.url.searchParams.get("n");
    const n = nText === null ? all.length : Math.max(0, Math.floor(Number(nText)) || 0);
    const after = last === null ? all : all.filter((tag) => tag > last);
    const tags = after.slice(0, n);
    const more = after.length > tags.length && tags.length > 0;
    const next = `${ex.apiBase}/v2/${repository}/tags/list?n=${n}&last=${encodeURIComponent(tags.at(-1) ?? "")}`;
    return registryAnswer(
      200,
      JSON.stringify({ name: repository, tags }),
      more ? { link: `<${new URL(next).pathname}${new URL(next).search}>; rel="next"` } : {},
      route,
    );
  }
}

/** The Docker token-auth challenge: where to get a token, for which service, with which scope. */
function challenge(
  ex: Exchange,
  repository: string | undefined,
  code: string,
  message: string,
  insufficient = false,
): Answer {
  const scope = repository === undefined ? "" : `,scope="repository:${repository}:pull"`;
  const error = insufficient ? ',error="insufficient_scope"' : "";
  return {
    ...registryError(401, code, message, `${ex.method} /v2/… (challenge)`),
    headers: {
      "content-type": "application/json",
      "www-authenticate": `Bearer realm="${ex.apiBase}/token",service="${ex.url.host}"${scope}${error}`,
      "docker-distribution-api-version": "registry/2.0",
    },
  };
}

function registryAnswer(
  status: number,
  body: string,
  headers: Record<string, string>,
  route: string,
): Answer {
  return {
    status,
    body,
    kind: "registry",
    route,
    headers: {
      "content-type": "application/json",
      "docker-distribution-api-version": "registry/2.0",
      ...headers,
    },
  };
}

function registryError(status: number, code: string, message: string, route: string): Answer {
  return registryAnswer(status, JSON.stringify({ errors: [{ code, message, detail: null }] }), {}, route);
}

/** The message distribution (and so ghcr.io) answers when the stored type is not accepted. */
function notAcceptable(mediaType: string): string {
  if (mediaType === "application/vnd.oci.image.index.v1+json")
    return "OCI index found, but accept header does not support OCI indexes";
  if (mediaType === OCI_MANIFEST)
    return "OCI manifest found, but accept header does not support OCI manifests";
  return `${mediaType} found, but accept header does not support it`;
}

/** Does the Accept header allow this media type? No header, or `*\/*`, allows anything. */
export function accepts(header: string | undefined, mediaType: string): boolean {
  if (header === undefined || header.trim() === "") return true;
  return header
    .split(",")
    .map((part) => part.split(";")[0]?.trim().toLowerCase() ?? "")
    .some((type) => type === "*/*" || type === mediaType || type === `${mediaType.split("/")[0]}/*`);
}
