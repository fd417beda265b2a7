import { packageLabel } from "../model/package.js";
import { shortName, type PackageVersion } from "../model/version.js";
import type { MissingVersion } from "../plan/broken.js";
import type { BrokenReport, OrphanReport } from "../plan/types.js";
import { age } from "./label.js";

/**
 * Broken images and orphans as sentences, one each, not yet escaped: the text renderers pass them
 * through escapeText, the Markdown ones through markdownText (names and tags come from GitHub).
 */
export function damageSentences(
  broken: readonly BrokenReport[],
  orphans: readonly OrphanReport[],
  nowMs: number,
): string[] {
  return [
    ...broken.map(
      (b) =>
        `${packageLabel(b.ref)}: ${title(b.image)} (${b.image.id}) is broken: it lists ${b.missing
          .map((m) => missingPhrase(m, nowMs))
          .join("; ")}`,
    ),
    ...orphans.map(
      (o) =>
        `${packageLabel(o.ref)}: ${title(o.version)} (${o.version.id}) is an orphan: its subject ${missingPhrase(o.subject, nowMs)}`,
    ),
  ];
}

/** `Broken images and orphans: 1 broken image, 2 orphans` (the heading over the sentences). */
export function damageHeading(broken: number, orphans: number): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `Broken images and orphans: ${plural(broken, "broken image", "broken images")}, ${plural(orphans, "orphan", "orphans")}`;
}

/** What a missing version is, and whether it can come back. */
export function missingPhrase(m: MissingVersion, nowMs: number): string {
  const name = m.version ? `${title(m.version)} (${m.version.id})` : shortName(m.digest);
  const when = m.version?.deletedAt ? `deleted ${age(m.version.deletedAt, nowMs)} ago` : "deleted";
  switch (m.state) {
    case "restorable":
      return `${name}, ${when}: restorable`;
    case "expired":
      return `${name}, ${when}: more than 30 days, it cannot come back`;
    case "unknown":
      return `${name}: unknown (ghpkg knows no version by that digest)`;
  }
}

/** A version's first tag (cosign's shortened as digests are), else its short digest. */
function title(v: Pick<PackageVersion, "name" | "tags">): string {
  const [tag] = v.tags;
  return tag === undefined
    ? shortName(v.name)
    : tag.replace(/^(sha256-[0-9a-f]{12})[0-9a-f]{52}(\.\w+)$/, "$1…$2");
}
