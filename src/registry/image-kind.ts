import pLimit from "p-limit";
import type { ImageFacts, ImageKind } from "../model/inventory.js";
import type { PackageRef } from "../model/package.js";
import type { PackageVersion } from "../model/version.js";
import type { ManifestReader } from "./client.js";
import { subjectOfTag, type Manifest } from "./manifest.js";

const ATTESTATION_REFERENCE = "attestation-manifest";

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
): Promise<Map<number, ImageFacts>> {
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

  // Who lists whom: an index's entries, with BuildKit's attestation marks.
  const listedBy = new Map<string, { parent: PackageVersion; attestation: boolean }>();
  for (const v of active)
    for (const entry of manifests.get(v.id)?.manifests ?? [])
      if (!listedBy.has(entry.digest))
        listedBy.set(entry.digest, {
          parent: v,
          attestation: entry.annotations?.["vnd.docker.reference.type"] === ATTESTATION_REFERENCE,
        });

  const facts = new Map<number, ImageFacts>();
  for (const v of active) {
    const manifest = manifests.get(v.id);
    if (!manifest) continue;
    const cosign = v.tags.map((t) => ({ tag: t, subject: subjectOfTag(t) })).find((t) => t.subject);
    const listed = listedBy.get(v.name);
    const subject = manifest.subject?.digest ?? cosign?.subject;
    const parent = (subject ? byDigest.get(subject) : undefined) ?? listed?.parent;
    const kind = kindOf(manifest, cosign?.tag, listed?.attestation ?? false);
    const platforms =
      kind === "index"
        ? (manifest.manifests ?? []).filter(
            (m) => m.annotations?.["vnd.docker.reference.type"] !== ATTESTATION_REFERENCE,
          ).length
        : undefined;
    facts.set(v.id, {
      kind,
      ...(platforms === undefined ? {} : { platforms }),
      ...(parent && parent.id !== v.id ? { parentId: parent.id } : {}),
    });
  }
  return facts;
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
