import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface CacheEntry {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  archive: Buffer;
  committed: boolean;
}

export interface ActionsCacheService {
  /** What a runner puts in ACTIONS_CACHE_URL. */
  readonly url: string;
  readonly entries: readonly CacheEntry[];
  close(): Promise<void>;
}

/**
 * A stand-in for the Actions cache service that @actions/cache speaks to as GitHub Enterprise
 * Server's (`_apis/artifactcache`): entries are reserved, uploaded in ranges, committed, and never
 * overwritten; a lookup takes the first key that matches exactly, else the newest entry that
 * starts with a restore key, of the same version (paths and compression). Loopback only.
 */
export async function startActionsCacheService(): Promise<ActionsCacheService> {
  const entries: CacheEntry[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks)));
  });
  const json = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const base = `http://${req.headers.host ?? "127.0.0.1"}`;
    const url = new URL(req.url ?? "/", base);
    if (!req.url?.startsWith("/archives/") && req.headers.authorization !== "Bearer runtime-token")
      return json(res, 401, { message: "no runtime token" });

    if (req.method === "GET" && url.pathname === "/_apis/artifactcache/cache") {
      const keys = (url.searchParams.get("keys") ?? "").split(",");
      const version = url.searchParams.get("version");
      const usable = entries.filter((e) => e.committed && e.version === version);
      const exact = usable.find((e) => e.key === keys[0]);
      const hit =
        exact ??
        keys
          .slice(1)
          .map((prefix) => usable.filter((e) => e.key.startsWith(prefix)).at(-1))
          .find(Boolean);
      if (!hit) return json(res, 204);
      return json(res, 200, { cacheKey: hit.key, archiveLocation: `${base}/archives/${hit.id}` });
    }
    if (req.method === "POST" && url.pathname === "/_apis/artifactcache/caches") {
      const { key, version } = JSON.parse(body.toString("utf8")) as { key: string; version: string };
      if (entries.some((e) => e.key === key && e.version === version))
        return json(res, 409, { message: `Cache already exists for ${key}` });
      const entry = { id: entries.length + 1, key, version, archive: Buffer.alloc(0), committed: false };
      entries.push(entry);
      return json(res, 201, { cacheId: entry.id });
    }
    const one = /^\/_apis\/artifactcache\/caches\/(\d+)$/.exec(url.pathname);
    const entry = one ? entries.find((e) => e.id === Number(one[1])) : undefined;
    if (one && entry && req.method === "PATCH") {
      const start = Number(/^bytes (\d+)-/.exec(req.headers["content-range"] ?? "")?.[1] ?? 0);
      const archive = Buffer.alloc(Math.max(entry.archive.length, start + body.length));
      entry.archive.copy(archive);
      body.copy(archive, start);
      entry.archive = archive;
      return json(res, 204);
    }
    if (one && entry && req.method === "POST") {
      const { size } = JSON.parse(body.toString("utf8")) as { size: number };
      if (size !== entry.archive.length) return json(res, 400, { message: "size mismatch" });
      entry.committed = true;
      return json(res, 204);
    }
    const archive = /^\/archives\/(\d+)$/.exec(url.pathname);
    const stored = archive ? entries.find((e) => e.id === Number(archive[1])) : undefined;
    if (stored && req.method === "GET") {
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": stored.archive.length,
      });
      return void res.end(stored.archive);
    }
    json(res, 404, { message: "Not Found" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    entries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
