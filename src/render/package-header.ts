import { packageLabel } from "../model/package.js";
import type { PackageSummary } from "../plan/types.js";
import { escapeText } from "./escape.js";
import { freedPhrase } from "./freed.js";

/**
 * A package's line above its operations: `octocat/container/web: 6 active, 4 deleted; 28 kept as
 * children of images that stay; frees 1.2 GB`. When its deleted versions were not asked for (no keep
 * could restore one) it says so, rather than "0 deleted".
 */
export function packageHeader(summary: PackageSummary): string {
  const deleted =
    summary.deletedRead === false
      ? " (deleted versions not read: no keep could restore one)"
      : `, ${summary.deleted} deleted`;
  const children =
    summary.childrenKept > 0 ? `; ${summary.childrenKept} kept as children of images that stay` : "";
  const frees = freedPhrase(summary);
  return `${escapeText(packageLabel(summary.ref))}: ${summary.active} active${deleted}${children}${frees ? `; ${frees}` : ""}`;
}

/** Versions the rules alone would delete, kept by the children rule, over every package: for "No changes". */
export function childrenKeptLine(packages: readonly PackageSummary[]): string | undefined {
  const keeping = packages.filter((p) => p.childrenKept > 0);
  const total = keeping.reduce((n, p) => n + p.childrenKept, 0);
  if (total === 0) return undefined;
  const where = keeping.map((p) => `${packageLabel(p.ref)} ${p.childrenKept}`).join(", ");
  return `${total} ${total === 1 ? "version" : "versions"} the rules would delete ${total === 1 ? "is" : "are"} kept as children of images that stay (${where}).`;
}
