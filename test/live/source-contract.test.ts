import { after } from "node:test";
import type { Sandbox } from "../../src/sandbox/server.js";
import type { PackageVersion } from "../../src/model/version.js";
import { memorySource } from "../helpers/memory-source.js";
import { packageLabel } from "../../src/model/package.js";
import { startSandbox } from "../../src/sandbox/server.js";
import { pkg, source, state, TOKEN } from "../helpers/sandbox.js";
import { sourceContract, type ContractPackage } from "./source-contract.js";

const DAY = 86_400_000;
const now = Date.now();

function versionsOf(p: ContractPackage): PackageVersion[] {
  return Array.from({ length: p.count }, (_, i) => {
    const id = i + 1;
    const deleted = p.deleted?.includes(id) ?? false;
    return {
      id,
      name: `1.0.${id}`,
      tags: p.tagged?.includes(id) ? [`v${id}`] : [],
      createdAt: new Date(now - (p.count - i) * DAY).toISOString(),
      deletedAt: deleted ? new Date(now - DAY / 2).toISOString() : null,
      state: deleted ? "deleted" : "active",
    };
  });
}

sourceContract("in memory", (packages, world = {}) =>
  Promise.resolve(
    memorySource(
      packages.map((p) => ({ ref: p.ref, versions: versionsOf(p) })),
      world.as === "installation" ? null : (world.as ?? "octocat"),
      Date.now,
      { organisations: world.organisations ?? {} },
    ),
  ),
);

const opened: Sandbox[] = [];
after(() => Promise.all(opened.map((s) => s.close())));

// Pages of 5, so the adapter's paging is part of what the contract checks.
sourceContract("Octokit adapter against the sandbox", async (packages, world = {}) => {
  const installation = world.as === "installation";
  const tokens = {
    [TOKEN]: installation
      ? {
          login: "github-actions[bot]",
          kind: "installation" as const,
          packages: packages.map((p) => packageLabel(p.ref)),
        }
      : (world.as ?? "octocat"),
  };
  const accounts = Object.fromEntries(
    Object.entries(world.organisations ?? {}).map(([login, admins]) => [
      login,
      { type: "Organization" as const, admins: [...admins] },
    ]),
  );
  const s = await startSandbox({
    maxPerPage: 5,
    state: state(
      packages.map((p) =>
        pkg(
          p.ref.type,
          p.ref.name,
          versionsOf(p).map((v) => ({
            id: v.id,
            name: v.name,
            tags: [...v.tags],
            created_at: v.createdAt,
            updated_at: v.createdAt,
            deleted_at: v.deletedAt,
            download_count: 0,
          })),
          p.ref.owner,
        ),
      ),
      { tokens, accounts },
    ),
  });
  opened.push(s);
  return source(s.url);
});
