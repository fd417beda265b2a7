// ghpkg's own plan for a reference World: the spec written as YAML and read by the real loader, the
// live state served by the in-memory GitHub and registry, the plan made by the core's planSpec.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageLabel, type PackageRef } from "../../src/model/package.js";
import type { DeletedParent } from "../../src/model/live.js";
import type { Plan } from "../../src/plan/types.js";
import { planSpec } from "../../src/reconcile/plan.js";
import { loadSpec } from "../../src/spec/load.js";
import { memoryManifests, memorySource } from "../helpers/memory-source.js";
import type { RefPlan, Why, World } from "./planner.js";

/**
 * The contract fixes the rule a reason names (`keep[2]`, `defaults.delete[0]`, `unmatched: delete`,
 * `child of <parent>`), not the phrase ghpkg adds after it (`delete[0]: untagged, older than 14d`).
 */
function ruleOf(reason: string): string {
  // A pattern entry's packages: `packages[2] (web-*): delete[0]: …` (README).
  const [, entry, rest] = /^(packages\[\d+\] \(.*?\): )(.*)$/s.exec(reason) ?? [undefined, "", reason];
  if (rest.startsWith("child of ") || rest.startsWith("unmatched: ")) return entry + rest;
  return entry + rest.split(": ")[0]!;
}

/** The contract words only the last-active reason; the others are told apart by what they say. */
function whyOf(why: string): string {
  if (why.startsWith("last active version of the package")) return "last active";
  if (/last tagged/.test(why)) return "last tagged";
  if (/30 days/.test(why)) return "restore too old";
  if (/manifest/.test(why)) return "manifest unreadable";
  return why;
}

/** ghpkg's plan in the reference's terms. */
function projected(plan: Plan): RefPlan {
  const op = (o: Plan["operations"][number]) => ({
    action: o.action,
    package: packageLabel(o.ref),
    id: o.version.id,
    reason: ruleOf(o.reason),
  });
  const deleted = new Set(plan.operations.filter((o) => o.action === "delete").map((o) => o.version.id));
  // The parents apply must delete first: those this plan deletes (a child of an image deleted
  // earlier names that image as its parent too).
  const after = (o: Plan["operations"][number]) =>
    (o.parentIds ?? (o.parentId !== undefined ? [o.parentId] : []))
      .filter((id) => deleted.has(id))
      .sort((a, b) => a - b);
  return {
    summary: { ...plan.summary },
    operations: plan.operations.map((o) => {
      const first = after(o);
      return { ...op(o), ...(first.length > 0 ? { after: first } : {}) };
    }),
    blocked: plan.blocked.map((b) => ({ ...op(b), why: whyOf(b.why) as Why })),
  };
}

const dir = mkdtempSync(join(tmpdir(), "ghpkg-reference-"));
let files = 0;

/** The world's spec written as YAML (JSON is YAML) and read back by the real loader. */
export async function ghpkgPlan(world: World): Promise<RefPlan> {
  const path = join(dir, `ghpkg-${files++}.yaml`);
  writeFileSync(path, JSON.stringify(world.spec, null, 2));
  const spec = loadSpec([path]);
  rmSync(path);
  const source = memorySource(
    world.live.map((p) => ({ ref: p.ref, versions: [...p.versions] })),
    "octocat",
    () => world.nowMs,
  );
  const deletedEarlier = (ref: PackageRef): DeletedParent[] => {
    const versions = world.live.find((p) => packageLabel(p.ref) === packageLabel(ref))?.versions ?? [];
    return (world.deletedEarlier.get(packageLabel(ref)) ?? []).map(({ id, childIds }) => ({
      version: versions.find((v) => v.id === id)!,
      childIds,
    }));
  };
  const { plan } = await planSpec(
    {
      source,
      manifests: memoryManifests(world.manifests, world.unreadable),
      knownDeleted: () => [],
      deletedEarlier,
    },
    { spec, nowMs: world.nowMs, concurrency: 4, apiUrl: "memory:", specPaths: [path] },
  );
  return projected(plan);
}
