/**
 * What a container version takes up in the registry, as its manifest tells: the manifest's own bytes
 * and the blobs it names (its config and layers), each by digest. Blobs are shared: two images built
 * on one base name the same layer, and the registry stores it once.
 */
export interface ManifestStorage {
  /** The manifest's own size: the length of the bytes its digest is of. */
  readonly size: number;
  /** The config and layer blobs (an artifact's `blobs`), as its descriptors name them; none for an index. */
  readonly blobs: readonly StoredBlob[];
}

export interface StoredBlob {
  readonly digest: string;
  readonly size: number;
}

/**
 * The bytes of the manifests and blobs these storages refer to, each digest counted once: what the
 * registry holds for them together. A digest named with two sizes (only a manifest that lies does
 * that) counts at the larger.
 */
export function distinctBytes(storages: Iterable<readonly [string, ManifestStorage]>): Map<string, number> {
  const bytes = new Map<string, number>();
  const add = (digest: string, size: number) => bytes.set(digest, Math.max(size, bytes.get(digest) ?? 0));
  for (const [digest, storage] of storages) {
    add(digest, storage.size);
    for (const blob of storage.blobs) add(blob.digest, blob.size);
  }
  return bytes;
}

export function sumOf(bytes: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const size of bytes.values()) total += size;
  return total;
}
