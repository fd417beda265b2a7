import type { Manifest } from "./manifest.js";

const INDEX_TYPES = new Set([
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
]);
const IMAGE_TYPES = new Set([
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  // A release candidate of OCI 1.1 had artifact manifests (cosign and oras pushed them to ghcr.io):
  // no children, perhaps a `subject`, which is all the children rule reads.
  "application/vnd.oci.artifact.manifest.v1+json",
]);
const SHA256 = /^sha256:[0-9a-f]{64}$/;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const hasDigest = (value: unknown) =>
  isObject(value) && typeof value.digest === "string" && SHA256.test(value.digest);

/**
 * The manifest in these bytes, or what is wrong with it (to follow "the registry's manifest for …").
 * Only what the children rule reads is checked, and checked whole: a manifest read half-right would
 * hide a child, and a hidden child is deleted while its image still lists it. So a media type ghpkg
 * does not know, or a child that is not named by a sha256 digest (a version's name), makes the manifest
 * unreadable, and the planner fails closed for its package.
 */
export function manifestOf(bytes: Buffer): { manifest: Manifest } | { wrong: string } {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    return { wrong: "is not JSON" };
  }
  if (!isObject(value)) return { wrong: "is not a JSON object" };
  const { mediaType, manifests, subject } = value;
  // OCI lets a manifest leave out its media type: its shape then says what it is.
  if (
    mediaType !== undefined &&
    !(typeof mediaType === "string" && (INDEX_TYPES.has(mediaType) || IMAGE_TYPES.has(mediaType)))
  )
    return { wrong: "has an unknown media type" };
  const index = typeof mediaType === "string" ? INDEX_TYPES.has(mediaType) : manifests !== undefined;
  if (index && !Array.isArray(manifests)) return { wrong: "is an index whose `manifests` is not an array" };
  if (!index && manifests !== undefined) return { wrong: "is an image manifest that lists `manifests`" };
  if (Array.isArray(manifests)) {
    const bad = manifests.findIndex((entry) => !hasDigest(entry));
    if (bad >= 0) return { wrong: `entry ${bad + 1} of \`manifests\` has no sha256 digest` };
  }
  if (subject !== undefined && !hasDigest(subject)) return { wrong: "has a `subject` with no sha256 digest" };
  // The size is the bytes', never the JSON's: a `byteLength` key in the manifest is overwritten.
  return { manifest: { ...value, byteLength: bytes.length } };
}
