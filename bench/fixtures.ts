import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SandboxPackage, SandboxVersion } from "../src/sandbox/state.js";
import type { PackageType } from "../src/model/package.js";

const HOUR = 3_600_000;

/** `count` versions of a package, one an hour, a quarter of them tagged (for containers). */
export function manyVersions(count: number, firstId: number, now: number): SandboxVersion[] {
  return Array.from({ length: count }, (_, i) => {
    const created = new Date(now - (i + 1) * HOUR).toISOString();
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

/**
 * `releases` multi-platform images, newest first: each a tagged index, its two platform images and
 * an attestation whose subject is the index, four versions in all, each named by its manifest's digest.
 */
export function imageReleases(releases: number, now: number): SandboxVersion[] {
  const versions: SandboxVersion[] = [];
  let lastId = 0;
  for (let r = 0; r < releases; r++) {
    const created = new Date(now - (r + 1) * HOUR).toISOString();
    const image = (manifest: Record<string, unknown>, tags: string[] = []): SandboxVersion => ({
      id: ++lastId,
      name: `sha256:${createHash("sha256").update(JSON.stringify(manifest)).digest("hex")}`,
      tags,
      created_at: created,
      updated_at: created,
      deleted_at: null,
      download_count: 0,
      manifest,
    });
    const platforms = ["amd64", "arm64"].map((arch) => image(platformManifest(`${r}-${arch}`)));
    const index = image(
      {
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: platforms.map((p) => ({ mediaType: MANIFEST, digest: p.name, size: 1 })),
      },
      [`v1.${r}`],
    );
    const attestation = image(platformManifest(`${r}-att`, index.name));
    versions.push(index, ...platforms, attestation);
  }
  return versions;
}

const MANIFEST = "application/vnd.oci.image.manifest.v1+json";

function platformManifest(label: string, subject?: string): Record<string, unknown> {
  const config = createHash("sha256").update(label).digest("hex");
  return {
    schemaVersion: 2,
    mediaType: MANIFEST,
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: `sha256:${config}`, size: 10 },
    layers: [],
    ...(subject
      ? { subject: { mediaType: "application/vnd.oci.image.index.v1+json", digest: subject, size: 1 } }
      : {}),
  };
}

export function benchPackage(type: PackageType, name: string, versions: SandboxVersion[]): SandboxPackage {
  return { owner: "octocat", type, name, visibility: "public", versions };
}

const scratchDirs: string[] = [];

/** A scratch folder for one figure: its spec, journal and manifest cache. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ghpkg-bench-"));
  scratchDirs.push(dir);
  return dir;
}

/** A warm plan's cache holds a file per manifest: never leave 100,000 of them behind. */
export function removeScratchDirs(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a spec governing `packages` of octocat with the same rules each, and returns its path. */
export function writeSpec(
  dir: string,
  packages: readonly { type: PackageType; name: string }[],
  rules: string,
): string {
  const entries = packages.map(
    (p) => `  - type: ${p.type}\n    name: ${p.name}\n${rules.replace(/^/gm, "    ").trimEnd()}`,
  );
  const path = join(dir, "ghpkg.yaml");
  writeFileSync(path, `version: 1\nowner: octocat\npackages:\n${entries.join("\n")}\n`);
  return path;
}
