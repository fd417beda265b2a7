import pLimit from "p-limit";
import type { ImageFacts, ImageKind } from "../model/inventory.js";
import type { PackageRef } from "../model/package.js";
import { distinctBytes, sumOf, type ManifestStorage } from "../model/storage.js";
import type { PackageVersion } from "../model/version.js";
import type { ManifestReader } from "./client.js";
import { subjectOfTag, type Manifest } from "./manifest.js";
import { storageOf } from "./manifest-storage.js";

const ATTESTATION_REFERENCE = "attestation-manifest";

/** What `list --images` learns from a package's manifests. */
export interface ImagesRead {
  /** By version id: what it is, what it belongs to, its size. */
  readonly facts: Map<number, ImageFacts>;
  /** What each manifest that tells its sizes takes up, by digest: for the package's total. */
  readonly storage: ReadonlyMap<string, ManifestStorage>;
}

/**
 * What each active version of a container package is, and which version it belongs to, from its
 * manifest (read through the reader, so from the cache where it can). A version whose manifest cannot
 * be read is left out: `list` shows what it knows, and never guesses.
 */
export async function readImageFacts(
  reader: ManifestReader,
  ref: PackageRef,
  versions: readonly PackageVersion[],
  concurrency: number,
): Promise<ImagesRead> {
  const active = versions.filter((v) => v.state === "active");
  const byDigest = new Map(active.map((v) => [v.name, v]));
  const limit = pLimit(concurrency);
  const manifests = new Map<number, Manifest>();
  await Promise.all(
    active.map((v) =>
      limit(async () => {
        try {
          manifests.set(v.id, await reader.read(ref.owner, ref.name, v.name));
        } catch {
          // Unreadable: no facts for this version.
        }
      }),
    ),
  );

  // Who lists whom: an index's entries, with BuildKit's attestation marks. A platform image two
  // indexes list belongs to both.
  const listedBy = new Map<string, { parents: PackageVersion[]; attestation: boolean }>();
  for (const v of active)
    for (const entry of manifests.get(v.id)?.manifests ?? []) {
      const listed = listedBy.get(entry.digest);
      if (listed) {
        if (!listed.parents.includes(v)) listed.parents.push(v);
      } else
        listedBy.set(entry.digest, {
          parents: [v],
          attestation: entry.annotations?.["vnd.docker.reference.type"] === ATTESTATION_REFERENCE,
        });
    }
  const storage = new Map<string, ManifestStorage>();
  for (const v of active) {
    const manifest = manifests.get(v.id);
    const stored = manifest && storageOf(manifest);
    if (stored) storage.set(v.name, stored);
  }
  const { platformsOf, sizeOf } = indexMeasures(byDigest, (v) => manifests.get(v.id), storage);

  const facts = new Map<number, ImageFacts>();
  for (const v of active) {
    const manifest = manifests.get(v.id);
    if (!manifest) continue;
    const cosign = v.tags.map((t) => ({ tag: t, subject: subjectOfTag(t) })).find((t) => t.subject);
    const listed = listedBy.get(v.name);
    const subject = manifest.subject?.digest ?? cosign?.subject;
    const about = subject ? byDigest.get(subject) : undefined;
    const parents = [...new Set([...(about ? [about] : []), ...(listed?.parents ?? [])])].filter(
      (p) => p.id !== v.id,
    );
    const kind = kindOf(manifest, cosign?.tag, listed?.attestation ?? false);
    const platforms = kind === "index" ? platformsOf(v) : undefined;
    const size = sizeOf(v);
    const missingChildren = new Set(
      (manifest.manifests ?? []).map((e) => e.digest).filter((d) => d !== v.name && !byDigest.has(d)),
    ).size;
    const missingSubject = subject !== undefined && subject !== v.name && !about ? subject : undefined;
    facts.set(v.id, {
      ...(missingChildren > 0 ? { missingChildren } : {}),
      ...(missingSubject === undefined ? {} : { missingSubject }),
      kind,
      ...(platforms === undefined ? {} : { platforms }),
      ...(parents[0] ? { parentId: parents[0].id, parentIds: parents.map((p) => p.id) } : {}),
      ...(size === undefined ? {} : { size }),
    });
  }
  return { facts, storage };
}

/**
 * An index's platforms (a nested index counts its own platforms, not one) and every version's size
 * (an index's includes what it lists, nested or not, each blob once). A version an index lists that
 * the package does not hold, or whose manifest does not tell, leaves the index's size unknown. Cycles,
 * which only a hostile registry makes, are cut.
 */
function indexMeasures(
  byDigest: ReadonlyMap<string, PackageVersion>,
  manifestOf: (v: PackageVersion) => Manifest | undefined,
  storage: ReadonlyMap<string, ManifestStorage>,
) {
  const platforms = new Map<PackageVersion, number>();
  const platformsOf = (v: PackageVersion, path = new Set<PackageVersion>()): number => {
    const known = platforms.get(v);
    if (known !== undefined) return known;
    path.add(v);
    let count = 0;
    for (const entry of manifestOf(v)?.manifests ?? []) {
      if (entry.annotations?.["vnd.docker.reference.type"] === ATTESTATION_REFERENCE) continue;
      const child = byDigest.get(entry.digest);
      const nested = child && !path.has(child) ? manifestOf(child) : undefined;
      count += nested?.manifests !== undefined && child ? platformsOf(child, path) : 1;
    }
    path.delete(v);
    platforms.set(v, count);
    return count;
  };
  /** The digests a version takes up: its own, and (an index) everything it lists; undefined when one does not tell. */
  const digestsOf = (
    v: PackageVersion,
    into: Map<string, ManifestStorage>,
    path: Set<PackageVersion>,
  ): boolean => {
    const own = storage.get(v.name);
    if (!own) return false;
    into.set(v.name, own);
    path.add(v);
    for (const entry of manifestOf(v)?.manifests ?? []) {
      const child = byDigest.get(entry.digest);
      if (!child) return false;
      if (!path.has(child) && !into.has(child.name) && !digestsOf(child, into, path)) return false;
    }
    path.delete(v);
    return true;
  };
  const sizeOf = (v: PackageVersion): number | undefined => {
    const taken = new Map<string, ManifestStorage>();
    return digestsOf(v, taken, new Set()) ? sumOf(distinctBytes(taken)) : undefined;
  };
  return { platformsOf, sizeOf };
}

function kindOf(manifest: Manifest, cosignTag: string | undefined, markedAttestation: boolean): ImageKind {
  if (manifest.manifests !== undefined) return "index";
  const type = `${manifest.artifactType ?? ""} ${manifest.config?.mediaType ?? ""}`;
  if (markedAttestation || cosignTag?.endsWith(".att") || /in-toto|attestation/i.test(type))
    return "attestation";
  if (cosignTag?.endsWith(".sig") || /cosign|sigstore|signature/i.test(type)) return "signature";
  if (manifest.subject !== undefined || cosignTag !== undefined) return "other referrer";
  return "image";
}
