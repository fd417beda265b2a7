import type { ImageGraph, LivePackage } from "../model/live.js";
import type { ManifestStorage, StoredBlob } from "../model/storage.js";
import type { ManifestReader } from "./client.js";
import { childDigests, subjectOfTag } from "./manifest.js";
import { storageOf } from "./manifest-storage.js";

const IMAGE_MANIFEST_TYPES = new Set([
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
]);

/**
 * Reads the manifests of a container package's active versions and records who refers to whom (the
 * deleted images a plan restores are read by reconcile/restored-images.ts). A manifest that cannot be
 * read is not guessed at: the graph says so, and the planner fails closed.
 */
export async function readImageGraph(
  reader: ManifestReader,
  pkg: LivePackage,
  concurrency: number,
): Promise<ImageGraph> {
  const children = new Map<string, string[]>();
  const referrers = new Map<string, string[]>();
  const singleImages = new Set<string>();
  const storage = new Map<string, ManifestStorage>();
  // A base layer that 10,000 images share is held once, not 10,000 times: a package may have 100,000 versions.
  const blobs = new Map<string, StoredBlob>();
  const held = (blob: StoredBlob) => {
    const known = blobs.get(blob.digest);
    if (known?.size === blob.size) return known;
    if (!known) blobs.set(blob.digest, blob);
    return blob;
  };
  // A digest a manifest names is kept as the version's own name (one string, not one per mention):
  // a 100,000-version package's graph names each version about once more.
  const names = new Map(pkg.versions.map((v) => [v.name, v.name]));
  const named = (digest: string) => names.get(digest) ?? digest;
  const refer = (parent: string, child: string) => {
    if (parent === child) return;
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  };
  const about = (subject: string, referrer: string) => {
    if (subject === referrer) return;
    refer(subject, referrer);
    const list = referrers.get(subject);
    if (!list) referrers.set(subject, [referrer]);
    else if (!list.includes(referrer)) list.push(referrer);
  };
  const active = pkg.versions.filter((v) => v.state === "active");
  for (const version of active)
    for (const tag of version.tags) {
      const subject = subjectOfTag(tag);
      if (subject) about(named(subject), version.name);
    }
  let unreadable: string | undefined;
  // A few workers take the versions in turn (not a promise per version: a package may have 100,000);
  // the reader's pool bounds what is on the wire over the whole run.
  let next = 0;
  const worker = async () => {
    for (let version = active[next++]; version !== undefined; version = active[next++])
      try {
        const manifest = await reader.read(pkg.ref.owner, pkg.ref.name, version.name);
        for (const child of childDigests(manifest)) refer(version.name, named(child));
        for (const entry of manifest.manifests ?? [])
          if (entry.mediaType !== undefined && IMAGE_MANIFEST_TYPES.has(entry.mediaType))
            singleImages.add(named(entry.digest));
        if (manifest.subject) about(named(manifest.subject.digest), version.name);
        const stored = storageOf(manifest);
        if (stored) storage.set(version.name, { size: stored.size, blobs: stored.blobs.map(held) });
      } catch (error) {
        unreadable ??= `the manifest of ${version.name} could not be read: ${(error as Error).message}`;
      }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, active.length)) }, worker));
  // Reads finish in any order: sort, so that the same images always make the same graph (and plan).
  for (const list of children.values()) list.sort();
  for (const list of referrers.values()) list.sort();
  return { children, referrers, singleImages, unreadable, storage };
}
