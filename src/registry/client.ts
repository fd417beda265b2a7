import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../model/errors.js";
import { MANIFEST_ACCEPT, type Manifest } from "./manifest.js";

export interface ManifestReader {
  read(owner: string, name: string, digest: string): Promise<Manifest>;
  /** Manifests fetched from the registry (not the cache) so far: each counts as a download at GitHub. */
  readonly fetched: () => number;
}

export interface RegistryOptions {
  readonly registryUrl: string;
  readonly token: string | undefined;
  /** Manifests are content-addressed and never change: cached here by digest, read at most once ever. */
  readonly cacheDir: string;
}

/**
 * Reads manifests from an OCI distribution registry (ghcr.io, or a GHES registry): the registry's token
 * exchange with the GitHub token, then manifests by digest. Every body is checked against its digest
 * before it is used or cached.
 */
export function registryReader(options: RegistryOptions): ManifestReader {
  const base = options.registryUrl.replace(/\/+$/, "");
  const tokens = new Map<string, Promise<string>>();
  let fetched = 0;

  const pullToken = (repository: string) => {
    let token = tokens.get(repository);
    if (!token) {
      token = (async () => {
        const host = new URL(base).host;
        const url = `${base}/token?scope=${encodeURIComponent(`repository:${repository}:pull`)}&service=${encodeURIComponent(host)}`;
        const basic = Buffer.from(`ghpkg:${options.token ?? ""}`).toString("base64");
        const response = await reach(url, { authorization: `Basic ${basic}` });
        if (!response.ok)
          throw new UserError(`the registry refused a pull token for ${repository} (${response.status})`);
        return ((await response.json()) as { token: string }).token;
      })();
      tokens.set(repository, token);
    }
    return token;
  };

  const reach = async (url: string, headers: Record<string, string>) => {
    try {
      return await fetch(url, { headers });
    } catch (error) {
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
      const cached = join(options.cacheDir, "sha256", hex);
      try {
        return JSON.parse(readFileSync(cached, "utf8")) as Manifest;
      } catch {
        // not cached yet
      }
      const repository = `${owner}/${name}`.toLowerCase();
      const url = `${base}/v2/${repository}/manifests/${digest}`;
      let response: Response | undefined;
      for (let attempt = 0; attempt < 3 && (response === undefined || response.status >= 500); attempt++)
        response = await reach(url, {
          authorization: `Bearer ${await pullToken(repository)}`,
          accept: MANIFEST_ACCEPT,
        });
      fetched++;
      if (!response?.ok)
        throw new UserError(
          `the registry answered ${response?.status ?? "nothing"} for ${repository}@${digest}`,
        );
      const body = Buffer.from(await response.arrayBuffer());
      if (createHash("sha256").update(body).digest("hex") !== hex)
        throw new UserError(`the registry's manifest for ${repository}@${digest} does not match its digest`);
      mkdirSync(join(options.cacheDir, "sha256"), { recursive: true });
      writeFileSync(`${cached}.tmp`, body);
      renameSync(`${cached}.tmp`, cached);
      return JSON.parse(body.toString("utf8")) as Manifest;
    },
  };
}
