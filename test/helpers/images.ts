import { createHash } from "node:crypto";
import type { SandboxVersion } from "../../src/sandbox/state.js";

/**
 * A container version whose name is its manifest's digest, as the registry serves it, created
 * `ageDays` before `now` (the clock unless given: pass the sandbox's when it is pinned).
 */
export function imageVersion(
  id: number,
  manifest: Record<string, unknown>,
  options: { tags?: string[]; ageDays?: number; now?: number } = {},
): SandboxVersion {
  const now = options.now ?? Date.now();
  const created = new Date(now - (options.ageDays ?? 30) * 86_400_000).toISOString();
  return {
    id,
    name: `sha256:${createHash("sha256").update(JSON.stringify(manifest)).digest("hex")}`,
    tags: options.tags ?? [],
    created_at: created,
    updated_at: created,
    deleted_at: null,
    download_count: 0,
    manifest,
  };
}

export function platformImage(label: string, subject?: string): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: `sha256:${label
        .padEnd(64, "0")
        .slice(0, 64)
        .replace(/[^0-9a-f]/g, "a")}`,
      size: 10,
    },
    layers: [],
    ...(subject
      ? { subject: { mediaType: "application/vnd.oci.image.index.v1+json", digest: subject, size: 1 } }
      : {}),
  };
}

export function imageIndex(children: readonly SandboxVersion[]): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: children.map((c) => ({
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      digest: c.name,
      size: 1,
    })),
  };
}
