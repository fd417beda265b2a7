import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticatedUserPayload, packagePayload, versionPayload } from "./github-payloads.js";
import { commentRoutes, type SandboxComment } from "./comments.js";
import { registryRoutes } from "./registry.js";
import type { SandboxPackage, SandboxState, SandboxToken, SandboxVersion } from "./state.js";

export interface SandboxOptions {
  readonly state: SandboxState;
  readonly port?: number;
  /** Added before every answer, as a far-away GitHub would. */
  readonly latencyMs?: number;
  /** The share of requests answered 502 before anything happens. */
  readonly faultRate?: number;
  /** The share of mutations carried out and then answered 502, as when a proxy loses the answer. */
  readonly lostResponseRate?: number;
  /** Every Nth mutation is refused with GitHub's secondary rate limit (403, retry-after). */
  readonly secondaryRateLimitEvery?: number;
  /** A mutation sooner than this after the previous one gets a secondary rate limit, as GitHub may answer. */
  readonly minMutationIntervalMs?: number;
  /** GitHub allows per_page up to 100; tests lower it to exercise pagination on small data. */
  readonly maxPerPage?: number;
  /** Seeds the fault dice, so a failing run can be replayed. */
  readonly seed?: number;
  readonly clock?: () => number;
}

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

export interface Sandbox {
  readonly url: string;
  readonly state: SandboxState;
  /** Every request answered, in order: what tests and benchmarks count. */
  readonly requests: RequestRecord[];
  /** Pull-request comments written through the API (by the GitHub Action). */
  readonly comments: readonly SandboxComment[];
  /** The most requests it was answering at once: how tests see a client's concurrency without timing it. */
  peakInFlight(): number;
  close(): Promise<void>;
}

const DOCS = "https://docs.github.com/rest/packages/packages";
const READ_SCOPES = ["read:packages"];
const DELETE_SCOPES = ["delete:packages"];

/** A local stand-in for GitHub's package-version endpoints, on loopback. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const state = options.state;
  const clock = options.clock ?? Date.now;
  const random = seededRandom(options.seed ?? 1);
  const requests: RequestRecord[] = [];
  const maxPerPage = Math.min(options.maxPerPage ?? 100, 100);
  let mutations = 0;
  // Pacing is measured on the real clock even when `clock` pins the time of the data.
  const clockNow = () => performance.now();
  let lastMutationAt = -Infinity;
  let remaining = 5000;

  const registry = registryRoutes(state, (token) => token !== "" && identify(state, token) !== undefined);
  const comments: SandboxComment[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  const commentRoute = commentRoutes(comments, clock);
  const server = createServer((req, res) => {
    const latency = options.latencyMs ?? 0;
    const chunks: Buffer[] = [];
    peakInFlight = Math.max(peakInFlight, ++inFlight);
    const answer = () => {
      const status = handle(req, res, Buffer.concat(chunks).toString("utf8"));
      inFlight--;
      requests.push({ method: req.method ?? "GET", path: req.url ?? "/", status });
    };
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => (latency > 0 ? setTimeout(answer, latency) : answer()));
  });

  function handle(req: IncomingMessage, res: ServerResponse, body: string): number {
    const base = `http://${req.headers.host ?? "127.0.0.1"}`;
    const url = new URL(req.url ?? "/", base);
    const method = req.method ?? "GET";
    remaining = Math.max(0, remaining - 1);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): number => {
      res.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "x-github-api-version-selected": "2022-11-28",
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": String(remaining),
        "x-ratelimit-reset": String(Math.floor(clock() / 1000) + 3600),
        "x-ratelimit-used": String(5000 - remaining),
        "x-ratelimit-resource": "core",
        ...headers,
      });
      res.end(body === undefined ? undefined : JSON.stringify(body));
      return status;
    };
    const fail = (status: number, message: string, headers: Record<string, string> = {}) =>
      send(status, { message, documentation_url: DOCS, status: String(status) }, headers);

    if (options.faultRate && random() < options.faultRate) return fail(502, "Server Error");
    const registryStatus = registry(req, res, url);
    if (registryStatus !== undefined) return registryStatus;

    const token = /^(?:token|bearer)\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!token) return fail(401, "Requires authentication");
    const who = identify(state, token);
    if (!who) return fail(401, "Bad credentials");
    const scopeHeaders = (accepted: string[]) => ({
      "x-oauth-scopes": (who.scopes ?? ["read:packages", "write:packages", "delete:packages"]).join(", "),
      "x-accepted-oauth-scopes": accepted.join(", "),
    });
    const lacks = (accepted: string[]) =>
      who.scopes !== undefined && !accepted.some((s) => who.scopes?.includes(s));

    if (url.pathname === "/user" && method === "GET")
      return send(200, authenticatedUserPayload(base, who.login));
    const commentStatus = commentRoute(method, url, base, who.login, body, res);
    if (commentStatus !== undefined) return commentStatus;

    const list = /^\/users\/([^/]+)\/packages$/.exec(url.pathname);
    if (list && method === "GET") {
      if (lacks(READ_SCOPES))
        return fail(
          403,
          "You need at least read:packages scope to list packages.",
          scopeHeaders(READ_SCOPES),
        );
      const owner = decodeURIComponent(list[1] ?? "");
      const type = url.searchParams.get("package_type");
      const visible = state.packages.filter(
        (p) =>
          sameLogin(p.owner, owner) &&
          (type === null || p.type === type) &&
          (p.visibility === "public" || sameLogin(owner, who.login)),
      );
      return sendPage(
        url,
        visible.map((p) => packagePayload(base, p)),
        maxPerPage,
        send,
        scopeHeaders(READ_SCOPES),
      );
    }

    const route =
      /^\/(?:user|users\/([^/]+))\/packages\/([^/]+)\/([^/]+)\/versions(?:\/(\d+)(\/restore)?)?$/.exec(
        url.pathname,
      );
    if (!route) return fail(404, "Not Found");
    const [, userSegment, type = "", nameSegment = "", idSegment, restore] = route;
    const owner = userSegment === undefined ? who.login : decodeURIComponent(userSegment);
    const pkg = state.packages.find(
      (p) => sameLogin(p.owner, owner) && p.type === type && p.name === decodeURIComponent(nameSegment),
    );
    const mutation = method === "DELETE" || method === "POST";
    const accepted = mutation ? DELETE_SCOPES : READ_SCOPES;
    if (lacks(accepted))
      return fail(
        403,
        `You need at least ${accepted[0] ?? ""} scope to ${mutation ? "change" : "read"} this package.`,
        scopeHeaders(accepted),
      );
    if (!pkg || (pkg.visibility === "private" && !sameLogin(pkg.owner, who.login)))
      return fail(404, "Package not found.");

    if (idSegment === undefined) {
      if (method !== "GET") return fail(404, "Not Found");
      const wanted = userSegment === undefined ? (url.searchParams.get("state") ?? "active") : "active";
      const versions = pkg.versions
        .filter((v) => (wanted === "deleted") === (v.deleted_at !== null))
        .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
      return sendPage(
        url,
        versions.map((v) => versionPayload(base, pkg, v)),
        maxPerPage,
        send,
        scopeHeaders(READ_SCOPES),
      );
    }

    const version = pkg.versions.find((v) => v.id === Number(idSegment));
    if (method === "GET" && !restore) {
      if (!version || version.deleted_at !== null) return fail(404, "Package version not found.");
      return send(200, versionPayload(base, pkg, version), scopeHeaders(READ_SCOPES));
    }
    if (!mutation || (method === "DELETE") === Boolean(restore)) return fail(404, "Not Found");
    if (!sameLogin(pkg.owner, who.login))
      return fail(403, "You do not have admin permissions on this package.");

    mutations++;
    const sinceLast = clockNow() - lastMutationAt;
    lastMutationAt = clockNow();
    if (
      (options.secondaryRateLimitEvery && mutations % options.secondaryRateLimitEvery === 0) ||
      (options.minMutationIntervalMs && sinceLast < options.minMutationIntervalMs)
    )
      return fail(
        403,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        { "retry-after": "1" },
      );
    const refusal =
      method === "DELETE" ? deleteVersion(pkg, version, clock()) : restoreVersion(version, clock());
    if (refusal) return fail(refusal.status, refusal.message);
    if (options.lostResponseRate && random() < options.lostResponseRate) return fail(502, "Server Error");
    return send(204);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    comments,
    peakInFlight: () => peakInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Refusal = { status: number; message: string } | undefined;
const THIRTY_DAYS = 30 * 86_400_000;

function deleteVersion(pkg: SandboxPackage, version: SandboxVersion | undefined, now: number): Refusal {
  if (!version || version.deleted_at !== null) return { status: 404, message: "Package version not found." };
  if (pkg.versions.filter((v) => v.deleted_at === null).length === 1)
    return {
      status: 400,
      message: "You cannot delete the last version of a package. You must delete the package instead.",
    };
  if (pkg.visibility === "public" && version.download_count > 5000)
    return {
      status: 400,
      message:
        "Publicly visible package versions with more than 5000 downloads cannot be deleted. Contact GitHub support for further assistance.",
    };
  version.deleted_at = new Date(now).toISOString();
  return undefined;
}

function restoreVersion(version: SandboxVersion | undefined, now: number): Refusal {
  if (!version || version.deleted_at === null || now - Date.parse(version.deleted_at) > THIRTY_DAYS)
    return { status: 404, message: "Package version not found." };
  version.deleted_at = null;
  return undefined;
}

function sendPage(
  url: URL,
  items: unknown[],
  maxPerPage: number,
  send: (status: number, body: unknown, headers: Record<string, string>) => number,
  headers: Record<string, string>,
): number {
  const perPage = Math.min(Math.max(Number(url.searchParams.get("per_page") ?? 30) || 30, 1), maxPerPage);
  const page = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number) => {
    const target = new URL(url);
    target.searchParams.set("page", String(p));
    return `<${target.toString()}>`;
  };
  const rels = [
    ...(page < last ? [`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`] : []),
    ...(page > 1 ? [`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`] : []),
  ];
  return send(200, items.slice((page - 1) * perPage, page * perPage), {
    ...headers,
    ...(rels.length > 0 ? { link: rels.join(", ") } : {}),
  });
}

function identify(state: SandboxState, token: string): SandboxToken | undefined {
  if (!state.tokens) return { login: state.viewer };
  const entry = state.tokens[token];
  return typeof entry === "string" ? { login: entry } : entry;
}

const sameLogin = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** mulberry32: small, fast, and the same sequence for the same seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
