import { createTwoFilesPatch } from "diff";
import { hasTags, packageLabel } from "../model/package.js";
import { newestFirst, type PackageVersion } from "../model/version.js";
import type { LivePackage } from "../model/live.js";
import type { Plan } from "../plan/types.js";
import { changesByPackage } from "./by-package.js";
import { escapeText } from "./escape.js";
import { tagList } from "./label.js";
import type { Style } from "./style.js";

/**
 * For those who review changes as diffs: per package with changes, the live list of active versions
 * against the list the plan leaves, newest first.
 */
export function renderDiff(plan: Plan, live: readonly LivePackage[], style: Style): string {
  const byLabel = new Map(live.map((p) => [packageLabel(p.ref), p]));
  const patches: string[] = [];
  for (const { summary, operations } of changesByPackage(plan)) {
    const title = escapeText(packageLabel(summary.ref));
    const versions = (byLabel.get(packageLabel(summary.ref))?.versions ?? [])
      .map((v) => ({ v, id: v.id, createdMs: Date.parse(v.createdAt) }))
      .sort(newestFirst)
      .map(({ v }) => v);
    const deleting = new Set(operations.filter((o) => o.action === "delete").map((o) => o.version.id));
    const restoring = new Set(operations.filter((o) => o.action === "restore").map((o) => o.version.id));
    const line = (v: PackageVersion) =>
      `${escapeText(v.name)}${hasTags(summary.ref.type) ? ` [${tagList(v.tags)}]` : ""}\n`;
    const before = versions
      .filter((v) => v.state === "active")
      .map(line)
      .join("");
    const after = versions
      .filter((v) => (v.state === "active" && !deleting.has(v.id)) || restoring.has(v.id))
      .map(line)
      .join("");
    const patch = createTwoFilesPatch(
      `live/${title}`,
      `planned/${title}`,
      before,
      after,
      undefined,
      undefined,
      {
        context: 2,
      },
    );
    patches.push(
      patch
        .split("\n")
        .filter((l) => !l.startsWith("====="))
        .map((l) =>
          l.startsWith("-") && !l.startsWith("---")
            ? style.red(l)
            : l.startsWith("+") && !l.startsWith("+++")
              ? style.green(l)
              : l,
        )
        .join("\n"),
    );
  }
  return patches.join("");
}
