import type { ManifestStorage, StoredBlob } from "../model/storage.js";
import type { Manifest } from "./manifest.js";

// The OCI image spec's digest grammar: algorithm, colon, encoded (sha256 in practice; sha512 allowed).
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/**
 * What a manifest takes up in the registry: its own bytes, its config and its layers (or an artifact's
 * blobs), as their descriptors say. Undefined when it does not tell: read by a reader that did not
 * measure it, or a descriptor without a digest and a whole, non-negative size. Sizes are only
 * reported, never decided on, so a manifest that does not tell them is still read for its children.
 */
export function storageOf(manifest: Manifest): ManifestStorage | undefined {
  const size = manifest.byteLength;
  if (!isSize(size)) return undefined;
  const descriptors: unknown[] = [];
  if (manifest.config !== undefined) descriptors.push(manifest.config);
  for (const list of [manifest.layers, manifest.blobs])
    if (list !== undefined) {
      if (!Array.isArray(list)) return undefined;
      descriptors.push(...(list as unknown[]));
    }
  const blobs: StoredBlob[] = [];
  for (const descriptor of descriptors) {
    const blob = blobOf(descriptor);
    if (!blob) return undefined;
    blobs.push(blob);
  }
  return { size, blobs };
}

function blobOf(descriptor: unknown): StoredBlob | undefined {
  if (typeof descriptor !== "object" || descriptor === null) return undefined;
  const { digest, size } = descriptor as { digest?: unknown; size?: unknown };
  return typeof digest === "string" && DIGEST.test(digest) && isSize(size) ? { digest, size } : undefined;
}

const isSize = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
