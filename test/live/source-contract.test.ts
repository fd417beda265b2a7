import { after } from "node:test";
import type { Sandbox } from "../../src/sandbox/server.js";
import type { PackageVersion } from "../../src/model/version.js";
import { memorySource } from "../helpers/memory-source.js";
import { pkg, sandbox, source } from "../helpers/sandbox.js";
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
      tags: [],
      createdAt: new Date(now - (p.count - i) * DAY).toISOString(),
      deletedAt: deleted ? new Date(now - DAY / 2).toISOString() : null,
      state: deleted ? "deleted" : "active",
    };
  });
}

sourceContract("in memory", (packages) =>
  Promise.resolve(memorySource(packages.map((p) => ({ ref: p.ref, versions: versionsOf(p) })))),
);

const opened: Sandbox[] = [];
after(() => Promise.all(opened.map((s) => s.close())));

// Pages of 5, so the adapter's paging is part of what the contract checks.
sourceContract("Octokit adapter against the sandbox", async (packages) => {
  const s = await sandbox(
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
    { maxPerPage: 5 },
  );
  opened.push(s);
  return source(s.url);
});
