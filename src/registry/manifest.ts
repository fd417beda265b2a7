/** The parts of an OCI or Docker manifest (or index) that tell which versions refer to which. */
export interface Manifest {
  readonly mediaType?: string;
  /** An index or manifest list: its per-platform images, attestations and nested indexes. */
  readonly manifests?: readonly {
    readonly digest: string;
    readonly mediaType?: string;
    /** BuildKit marks the attestations it puts in an index: `vnd.docker.reference.type: attestation-manifest`. */
    readonly annotations?: Readonly<Record<string, string>>;
  }[];
  /** OCI 1.1 referrers (signatures, attestations, SBOMs) name the manifest they are about. */
  readonly subject?: { readonly digest: string };
  /** What an OCI artifact is (a referrer's kind); else its config's media type says. */
  readonly artifactType?: string;
  /** An image's config blob; its layers (an OCI 1.1 RC artifact's `blobs`): sizes, read by manifest-storage.ts. */
  readonly config?: { readonly mediaType?: string; readonly digest?: unknown; readonly size?: unknown };
  readonly layers?: unknown;
  readonly blobs?: unknown;
  /**
   * Not the manifest's JSON: the length of the bytes its digest is of, set by whoever read them
   * (manifest-shape.ts), so that what a version takes up is known without another request.
   */
  readonly byteLength?: number;
}

export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

/** The digests a manifest refers to as its children: index entries (nested indexes too). */
export function childDigests(manifest: Manifest): string[] {
  return (manifest.manifests ?? []).map((m) => m.digest);
}

/** cosign's tag convention: `sha256-<hex>.sig` (or .att, .sbom) is about sha256:<hex>. */
export function subjectOfTag(tag: string): string | undefined {
  const match = /^sha256-([0-9a-f]{64})\.(sig|att|sbom)$/.exec(tag);
  return match ? `sha256:${match[1]}` : undefined;
}
