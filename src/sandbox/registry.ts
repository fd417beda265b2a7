import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SandboxState } from "./state.js";

/**
 * The registry half of the sandbox (as ghcr.io): a pull token for a GitHub token, then manifests by
 * digest with their own media type. Answers undefined for paths that are not the registry's.
 */
export function registryRoutes(state: SandboxState, knowsToken: (token: string) => boolean) {
  const pullTokens = new Set<string>();
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(body);
    return status;
  };
  const unknown = (res: ServerResponse, code: string, message: string, status = 404) =>
    send(res, status, JSON.stringify({ errors: [{ code, message }] }));

  return (req: IncomingMessage, res: ServerResponse, url: URL): number | undefined => {
    if (url.pathname === "/token") {
      const basic = /^basic\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
      const password = basic
        ? Buffer.from(basic, "base64").toString("utf8").split(":").slice(1).join(":")
        : "";
      if (!knowsToken(password)) return unknown(res, "UNAUTHORIZED", "authentication required", 401);
      const token = `sandbox-registry-${randomBytes(8).toString("hex")}`;
      pullTokens.add(token);
      return send(res, 200, JSON.stringify({ token }));
    }
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!manifest) return undefined;
    const bearer = /^bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !pullTokens.has(bearer))
      return unknown(res, "UNAUTHORIZED", "authentication required", 401);
    const [, repository = "", reference = ""] = manifest;
    const version = state.packages
      .filter(
        (p) => p.type === "container" && `${p.owner}/${p.name}`.toLowerCase() === repository.toLowerCase(),
      )
      .flatMap((p) => p.versions)
      .find((v) => v.name === decodeURIComponent(reference) && v.deleted_at === null);
    if (version?.manifest_unreadable) return unknown(res, "UNKNOWN", "internal error", 500);
    if (!version?.manifest) return unknown(res, "MANIFEST_UNKNOWN", "manifest unknown");
    const body = JSON.stringify(version.manifest);
    return send(res, 200, body, {
      "content-type":
        typeof version.manifest.mediaType === "string"
          ? version.manifest.mediaType
          : "application/vnd.oci.image.manifest.v1+json",
      "docker-content-digest": `sha256:${createHash("sha256").update(body).digest("hex")}`,
    });
  };
}
