import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../model/errors.js";
import { httpFetch } from "../transport/http-fetch.js";
import { readCapped } from "../transport/read-capped.js";
import { readPool, type ReadPool } from "../transport/read-pool.js";
import { READ_TIMEOUT_MS, withTimeout } from "../transport/read-timeout.js";
import { DEFAULT_RETRY_BASE_MS } from "../transport/retry-policy.js";
import { MANIFEST_ACCEPT, type Manifest } from "./manifest.js";
import { openPack, packPath, type ManifestPack } from "./manifest-pack.js";
import { manifestOf } from "./manifest-shape.js";
import { withRetries } from "./retry.js";

export interface ManifestReader {
  read(owner: string, name: string, digest: string): Promise<Manifest>;
  /** Manifests fetched from the registry (not the cache) so far: each counts as a download at GitHub. */
  readonly fetched: () => number;
}

export interface RegistryOptions {
  readonly registryUrl: string;
  readonly token: string | undefined;
  /** The run's bound on reads in flight, shared with GitHub's API; unbounded without one. */
  readonly reads?: ReadPool;
  /**
   * Manifests are content-addressed and never change: cached here, one pack file per repository
   * (manifest-pack.ts), read at most once ever. Files by digest under `sha256/` (the earlier layout)
   * are still read, and moved into the pack.
   */
  readonly cacheDir: string;
  /** How long one read (its body included) may take; READ_TIMEOUT_MS unless given. */
  readonly readTimeoutMs?: number;
  /** The base of the waits between retries (transport/retry-policy.ts); DEFAULT_RETRY_BASE_MS unless given. */
  readonly retryBaseMs?: number;
  /** Told before a retry's wait, as the API client tells its own (cli/ says a long one in a line). */
  readonly onWait?: (what: string, waitMs: number) => void;
}

/**
 * Reads manifests from an OCI distribution registry (ghcr.io, or a GHES registry): the registry's token
 * exchange with the GitHub token, then manifests by digest. Every body is checked against its digest
 * before it is used or cached.
 */
export function registryReader(options: RegistryOptions): ManifestReader {
  const base = options.registryUrl.replace(/\/+$/, "");
  const tokens = new Map<string, Promise<string>>();
  const packs = new Map<string, ManifestPack>();
  const packOf = (repository: string) => {
    let pack = packs.get(repository);
    if (!pack) {
      pack = openPack(packPath(options.cacheDir, repository));
      packs.set(repository, pack);
    }
    return pack;
  };
  let fetched = 0;
  const reads = options.reads ?? readPool(Infinity);
  const timeoutMs = options.readTimeoutMs ?? READ_TIMEOUT_MS;
  const retryBaseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
  const told = (what: string) => (waitMs: number, answered: number | undefined) =>
    options.onWait?.(
      `a retry of ${what}, which ${answered === undefined ? "got no answer" : `was answered ${answered}`}`,
      waitMs,
    );

  const pullToken = (repository: string) => {
    let token = tokens.get(repository);
    if (!token) {
      token = (async () => {
        const host = new URL(base).host;
        const url = `${base}/token?scope=${encodeURIComponent(`repository:${repository}:pull`)}&service=${encodeURIComponent(host)}`;
        const basic = Buffer.from(`ghpkg:${options.token ?? ""}`).toString("base64");
        const { status, body } = await withRetries(
          () => reach(url, { authorization: `Basic ${basic}` }, MAX_TOKEN_BYTES),
          retryBaseMs,
          told(`the registry's pull token for ${repository}`),
        );
        if (!ok(status))
          throw new UserError(`the registry refused a pull token for ${repository} (${status})`);
        const token = body && pullTokenOf(body);
        if (token === undefined)
          throw new UserError(
            `the registry's pull token for ${repository} is not JSON with a string \`token\``,
          );
        return token;
      })();
      tokens.set(repository, token);
    }
    return token;
  };

  /**
   * The status and the whole body (undefined when longer than `maxBytes`), read while the request holds
   * its place in the pool. A redirect is followed; httpFetch drops the authorization header when it leads to
   * another origin, so neither token goes anywhere but the registry ghpkg was given.
   */
  const reach = async (url: string, headers: Record<string, string>, maxBytes: number) => {
    try {
      return await reads.run(async () => {
        const signal = withTimeout(undefined, timeoutMs);
        const response = await httpFetch(url, { headers, signal });
        return { status: response.status, body: await readCapped(response.body, maxBytes) };
      });
    } catch (error) {
      if ((error as Error).name === "TimeoutError")
        throw new UserError(`the registry ${base} did not answer within ${timeoutMs / 1000} s`, {
          cause: error,
        });
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new UserError(
        `cannot reach the registry ${base}${code ? ` (${code})` : ""}; check --registry-url`,
        { cause: error },
      );
    }
  };

  return {
    fetched: () => fetched,
    async read(owner, name, digest) {
      const hex = /^sha256:([0-9a-f]{64})$/.exec(digest)?.[1];
      if (!hex) throw new UserError(`\`${digest}\` is not a sha256 digest`);
      const repository = `${owner}/${name}`.toLowerCase();
      const pack = packOf(repository);
      const packed = verified(pack.get(hex), hex);
      if (packed) return packed;
      const bytes = readEarlierLayout(join(options.cacheDir, "sha256", hex));
      const earlier = verified(bytes, hex);
      if (bytes && earlier) {
        pack.add(hex, bytes);
        return earlier;
      }
      const url = `${base}/v2/${repository}/manifests/${digest}`;
      const authorization = `Bearer ${await pullToken(repository)}`;
      const response = await withRetries(
        () => reach(url, { authorization, accept: MANIFEST_ACCEPT }, MAX_MANIFEST_BYTES),
        retryBaseMs,
        told(`the registry's manifest ${repository}@${digest}`),
      );
      fetched++;
      if (!ok(response.status))
        throw new UserError(`the registry answered ${response.status} for ${repository}@${digest}`);
      const what = `the registry's manifest for ${repository}@${digest}`;
      const body = response.body;
      if (!body) throw new UserError(`${what} is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB`);
      if (sha256(body) !== hex) throw new UserError(`${what} does not match its digest`);
      const read = manifestOf(body);
      if ("wrong" in read) throw new UserError(`${what} ${read.wrong}`);
      pack.add(hex, body);
      return read.manifest;
    },
  };
}

const ok = (status: number) => status >= 200 && status < 300;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/**
 * The OCI distribution spec lets a registry refuse manifests over 4 MiB, and ghcr.io does: a bigger
 * answer is not a manifest. It also bounds an index's children (some 40,000) and what a registry that
 * never stops sending can fill.
 */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
/** A pull token is a JWT of a few KB. */
const MAX_TOKEN_BYTES = 1024 * 1024;

/** The token of a token-exchange answer (`token`, or `access_token` as OAuth2 names it). */
function pullTokenOf(body: Buffer): string | undefined {
  try {
    const answer = JSON.parse(body.toString("utf8")) as { token?: unknown; access_token?: unknown } | null;
    const token = answer?.token ?? answer?.access_token;
    return typeof token === "string" ? token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A cached manifest is used only if its bytes still hash to its digest: the cache may be shared
 * (a CI cache), and an edited index that lists no children would get a kept image's children deleted.
 */
function verified(bytes: Buffer | undefined, hex: string): Manifest | undefined {
  if (!bytes || sha256(bytes) !== hex) return undefined;
  const read = manifestOf(bytes);
  return "manifest" in read ? read.manifest : undefined;
}

function readEarlierLayout(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined; // not cached that way
  }
}
