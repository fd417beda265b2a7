import { createHash } from "node:crypto";
import type { PackageType } from "../../src/model/package.js";
import type { BlockedOperation, Operation, PackageSummary, Plan } from "../../src/plan/types.js";
import { NOW, DAY } from "./versions.js";

interface PackageChanges {
  readonly type?: PackageType;
  readonly name: string;
  readonly deletes: number;
  readonly blocked?: number;
}

/** A plan as the planner would make it, built directly: for renderers, without a planner or a sandbox. */
export function bigPlan(packages: readonly PackageChanges[]): Plan {
  let id = 1;
  const operations: Operation[] = [];
  const blocked: BlockedOperation[] = [];
  const summaries: PackageSummary[] = packages.map((p) => {
    const type = p.type ?? "container";
    const op = (): Operation => {
      const n = id++;
      return {
        action: "delete",
        ref: { owner: "octocat", type, name: p.name },
        version: {
          id: n,
          name:
            type === "container"
              ? `sha256:${createHash("sha256").update(String(n)).digest("hex")}`
              : `1.0.${n}`,
          tags: type === "container" && n % 3 === 0 ? [`pr-${n}`] : [],
          createdAt: new Date(NOW - (n % 400) * DAY).toISOString(),
          deletedAt: null,
          state: "active",
        },
        reason: "delete[0]: untagged, older than 14d",
      };
    };
    operations.push(...Array.from({ length: p.deletes }, op));
    blocked.push(
      ...Array.from({ length: p.blocked ?? 0 }, () => ({
        ...op(),
        why: "last active version of the package",
      })),
    );
    return {
      ref: { owner: "octocat", type, name: p.name },
      delete: p.deletes,
      restore: 0,
      blocked: p.blocked ?? 0,
      unchanged: 1,
      active: p.deletes + (p.blocked ?? 0) + 1,
      deleted: 0,
      childrenKept: 0,
    };
  });
  const sum = (field: "delete" | "blocked" | "unchanged") => summaries.reduce((n, s) => n + s[field], 0);
  return {
    createdAt: new Date(NOW).toISOString(),
    specDigest: "sha256:0",
    apiUrl: "https://api.github.com",
    specPaths: ["ghpkg.yaml"],
    summary: { delete: sum("delete"), restore: 0, blocked: sum("blocked"), unchanged: sum("unchanged") },
    packages: summaries,
    operations,
    blocked,
  };
}
