import { createHash } from "node:crypto";
import type { SandboxPackage } from "./state.js";

/** A blob as the registry serves it: its exact bytes and their digest. */
export interface Blob {
  readonly digest: string;
  readonly body: string;
}

export const sha256Digest = (text: string): string =>
  `sha256:${createHash("sha256").update(text).digest("hex")}`;

/** The state's blobs by digest, computed once: each is the JSON text of a value, as manifests are. */
export function blobStore(values: readonly unknown[] = []): ReadonlyMap<string, Blob> {
  const store = new Map<string, Blob>();
  for (const value of values) {
    const body = JSON.stringify(value);
    const digest = sha256Digest(body);
    store.set(digest, { digest, body });
  }
  return store;
}

/**
 * Does an active manifest of this repository point at the digest (as its config or a layer)?
 * A registry serves a blob only through a repository that holds it; ghcr.io answers
 * BLOB_UNKNOWN for the same digest asked through another repository.
 */
export function repositoryHoldsBlob(pkg: SandboxPackage, digest: string): boolean {
  return pkg.versions.some((v) => {
    if (v.deleted_at !== null || !v.manifest) return false;
    const { config, layers } = v.manifest as {
      config?: { digest?: unknown };
      layers?: { digest?: unknown }[];
    };
    return config?.digest === digest || (Array.isArray(layers) && layers.some((l) => l?.digest === digest));
  });
}
