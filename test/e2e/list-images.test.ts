import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import type { InventoryVersionJson } from "../../src/render/inventory-json.js";
import type { SandboxVersion } from "../../src/sandbox/state.js";
import { E2E_NOW } from "../helpers/e2e.js";
import { imageVersion } from "../helpers/images.js";
import { pkg, state } from "../helpers/sandbox.js";
import { world, type World } from "../helpers/world.js";

const NOW = Date.parse(E2E_NOW);
const digest = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
const blob = (name: string, size: number) => ({ digest: digest(name), size });
const bytes = (v: SandboxVersion) => Buffer.byteLength(JSON.stringify(v.manifest));

function image(label: string, layers: { digest: string; size: number }[]) {
  return {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", ...blob(`config ${label}`, 1_000) },
    layers: layers.map((l) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...l })),
  };
}
function index(children: SandboxVersion[]) {
  return {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: children.map((c) => ({ mediaType: c.manifest?.mediaType, digest: c.name, size: bytes(c) })),
  };
}

/**
 * Two platform images built on one base, listed by two indexes (the same build tagged twice);
 * an index that nests one of them and adds a third platform; a version with many tags, `latest` last.
 */
function images() {
  const base = blob("base", 5_000_000);
  const amd = imageVersion(11, image("amd", [base, blob("amd app", 2_000_000)]), { ageDays: 9, now: NOW });
  const arm = imageVersion(12, image("arm", [base, blob("arm app", 3_000_000)]), { ageDays: 9, now: NOW });
  const one = imageVersion(10, index([amd, arm]), { tags: ["v1"], ageDays: 9, now: NOW });
  const again = imageVersion(
    20,
    { ...index([amd, arm]), annotations: { again: "yes" } },
    {
      tags: ["v1-again"],
      ageDays: 8,
      now: NOW,
    },
  );
  const s390x = imageVersion(31, image("s390x", [blob("s390x", 4_000_000)]), { ageDays: 7, now: NOW });
  const nested = imageVersion(30, index([one, s390x]), { tags: ["multi"], ageDays: 7, now: NOW });
  const tagged = imageVersion(40, image("tagged", [base]), {
    tags: ["release-2026-11-24-build-1234567", "v2.0.0-rc.1+build.77", "v2.0", "v2", "stable", "latest"],
    ageDays: 1,
    now: NOW,
  });
  return { amd, arm, one, again, s390x, nested, tagged };
}

let w: World;
const v = images();
before(async () => {
  w = await world(state([pkg("container", "app", Object.values(v))]));
});
after(() => w.close());

const list = (...args: string[]) =>
  w.cli(["list", "--owner", "octocat", "--package", "container/app", "--images", "--now", E2E_NOW, ...args]);

describe("list --images: what each image is, what it belongs to, and its size", () => {
  it("JSON: every parent of a shared child, platforms of nested indexes, sizes with shared blobs once", async () => {
    const result = await list("--format", "json");
    assert.equal(result.code, 0, result.stderr);
    const rows = new Map((JSON.parse(result.stdout) as InventoryVersionJson[]).map((r) => [r.id, r]));
    // In GitHub's listing order (newest first), as parent_version_id always picked the first.
    assert.deepEqual(rows.get(11)?.parent_version_ids, [20, 10]);
    assert.equal(rows.get(11)?.parent_version_id, 20);
    assert.deepEqual(rows.get(10)?.parent_version_ids, [30]);
    assert.equal(rows.get(10)?.platforms, 2);
    assert.equal(rows.get(30)?.platforms, 3, "v1's two platforms and s390x");
    const image = (x: SandboxVersion, app: number) => bytes(x) + 1_000 + 5_000_000 + app;
    assert.equal(rows.get(11)?.size, image(v.amd, 2_000_000));
    // The index: its own manifest, both images, the base layer once.
    assert.equal(
      rows.get(10)?.size,
      bytes(v.one) + image(v.amd, 2_000_000) + image(v.arm, 3_000_000) - 5_000_000,
    );
    assert.equal(
      rows.get(30)?.size,
      bytes(v.nested) + (rows.get(10)?.size ?? 0) + bytes(v.s390x) + 1_000 + 4_000_000,
    );
  });

  it("table: a SIZE column, index (N platforms), every parent, latest never cut away, and the package's total", async () => {
    const result = await list();
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split("\n");
    assert.match(
      lines[0] ?? "",
      /^PACKAGE\s+ID\s+NAME\s+TAGS\s+CREATED\s+UPDATED\s+STATE\s+SIZE\s+KIND\s+PARENT$/,
    );
    assert.match(result.stdout, /\s30\s.*\sindex \(3 platforms\)\s/);
    assert.match(result.stdout, /\s10\s.*\sindex \(2 platforms\)\s+30 \(multi\)$/m);
    assert.match(result.stdout, /\s11\s.*\s7\.0 MB\s+image\s+20 \(v1-again\), 10 \(v1\)$/m);
    const row40 = lines.find((l) => /^container\/app\s+40\s/.test(l)) ?? "";
    assert.match(row40, /\slatest, .*\+\d\s/, row40);
    // The last column is not cut: a long PARENT runs past 120 columns on its own row only.
    assert.ok(
      lines.every((l) => l.length <= 120 || !l.endsWith(" -")),
      `fits 120 columns:\n${result.stdout}`,
    );
    // Every manifest, every config, the base and each app layer once.
    const all = [v.amd, v.arm, v.one, v.again, v.s390x, v.nested, v.tagged];
    const total =
      all.reduce((n, x) => n + bytes(x), 0) + 4 * 1_000 + 5_000_000 + 2_000_000 + 3_000_000 + 4_000_000;
    assert.equal(
      lines.at(-1),
      `octocat/container/app: 7 versions (all active), ${(total / 1e6).toFixed(1)} MB stored by the active ones (each blob once)`,
    );
  });

  it("CSV: size and every parent, before used_in (empty without a usedIn match)", async () => {
    const result = await list("--format", "csv");
    assert.equal(result.code, 0, result.stderr);
    const [header, ...rows] = result.stdout.trimEnd().split("\r\n");
    assert.match(header ?? "", /,parent_version_id,size,parent_version_ids,used_in$/);
    const amd = rows.find((r) => r.split(",")[3] === "11") ?? "";
    assert.match(amd, /,20,\d+,20 10,$/);
  });
});
