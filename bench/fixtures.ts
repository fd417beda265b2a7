import { createClient } from "../src/live/client.js";
import { githubSource } from "../src/live/github.js";
import type { PackageSource } from "../src/live/source.js";
import type { SandboxPackage, SandboxVersion } from "../src/sandbox/state.js";
import type { PackageType } from "../src/model/package.js";

const DAY = 86_400_000;

/** `count` versions of a package, one an hour, a quarter of them tagged (for containers). */
export function manyVersions(count: number, firstId: number, now: number): SandboxVersion[] {
  return Array.from({ length: count }, (_, i) => {
    const created = new Date(now - (i + 1) * (DAY / 24)).toISOString();
    return {
      id: firstId + i,
      name: `1.${Math.floor(i / 100)}.${i % 100}`,
      tags: i % 4 === 0 ? [`v1.${i}`] : [],
      created_at: created,
      updated_at: created,
      deleted_at: null,
      download_count: 0,
    };
  });
}

export function benchPackage(type: PackageType, name: string, versions: SandboxVersion[]): SandboxPackage {
  return { owner: "octocat", type, name, visibility: "public", versions };
}

export function benchSource(url: string): PackageSource {
  return githubSource(
    createClient({
      apiUrl: url,
      token: "bench",
      userAgent: "ghpkg-bench",
      writeConcurrency: 8,
      retryBaseMs: 10,
      onWait: () => undefined,
    }),
    url,
  );
}
