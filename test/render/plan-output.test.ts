import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ImageGraph, LivePackage } from "../../src/model/live.js";
import type { ManifestStorage } from "../../src/model/storage.js";
import type { PackageVersion } from "../../src/model/version.js";
import { assemblePlan, planChanges } from "../../src/plan/plan.js";
import type { Plan } from "../../src/plan/types.js";
import { renderMarkdown } from "../../src/render/markdown.js";
import { characters, renderMarkdownWithin } from "../../src/render/markdown-budget.js";
import { formatBytes } from "../../src/render/size.js";
import { style } from "../../src/render/style.js";
import { renderText } from "../../src/render/text.js";
import type { PackageSpec } from "../../src/spec/types.js";
import type { SelectorSpec } from "../../src/select/selector.js";
import { packageSpec } from "../helpers/spec.js";
import { NOW, version } from "../helpers/versions.js";

const CONTEXT = {
  createdAt: "2026-11-24T10:00:00Z",
  specDigest: `sha256:${"0".repeat(64)}`,
  apiUrl: "https://api.github.com",
  specPaths: ["ghpkg.yaml"],
};
const planOf = (specs: PackageSpec[], live: LivePackage[]): Plan =>
  assemblePlan(planChanges(specs, live, NOW), CONTEXT);
const text = (plan: Plan) => renderText(plan, style(false), NOW);
const hex = (c: string) => c.repeat(64);

function onePackage(
  rules: { type?: "npm" | "container"; keep?: SelectorSpec[]; delete?: SelectorSpec[] },
  versions: PackageVersion[],
  graph?: ImageGraph,
): Plan {
  const spec = packageSpec(rules);
  return planOf([spec], [{ ref: spec, versions, ...(graph ? { graph } : {}) }]);
}

describe("the plan's header and summary lines, read at a glance", () => {
  const npm = [
    ...[1, 2, 3, 4, 5, 6].map((i) => version(i, `1.0.${i}`, 100 - i)),
    ...[7, 8, 9, 10].map((i) => version(i, `0.9.${i}`, 200, { deletedDaysAgo: 5 })),
  ];

  it('says "6 active, 4 deleted" when the deleted versions were read', () => {
    const plan = onePackage({ type: "npm", keep: [{ name: "1.0.6" }], delete: [{ name: "1.0.1" }] }, npm);
    assert.match(text(plan), /^octocat\/npm\/web: 6 active, 4 deleted$/m);
  });

  it("says they were not read when no keep could restore one, rather than 0 deleted", () => {
    const active = npm.filter((v) => v.state === "active");
    const plan = onePackage(
      { type: "npm", keep: [{ semver: ">=1.0.3" }], delete: [{ name: "1.0.1" }] },
      active,
    );
    const out = text(plan);
    assert.match(
      out,
      /^octocat\/npm\/web: 6 active \(deleted versions not read: no keep could restore one\)$/m,
    );
    assert.doesNotMatch(out, /0 deleted/);
  });

  it('"No changes" says how many versions were kept as children, as a plan with changes does', () => {
    const index = version(1, "sha256:index", 40, { tags: ["v1"] });
    const children = [version(2, "sha256:amd", 40), version(3, "sha256:arm", 40)];
    const graph: ImageGraph = {
      children: new Map([["sha256:index", ["sha256:amd", "sha256:arm"]]]),
      unreadable: undefined,
    };
    const plan = onePackage({ delete: [{ untagged: true }] }, [index, ...children], graph);
    assert.equal(plan.operations.length, 0);
    const out = text(plan);
    assert.match(out, /^No changes: the live versions match the spec\.$/m);
    assert.match(
      out,
      /^2 versions the rules would delete are kept as children of images that stay \(octocat\/container\/web 2\)\.$/m,
    );
    assert.match(renderMarkdown(plan, NOW), /2 versions the rules would delete are kept as children/);
  });
});

describe("rows a reviewer can read", () => {
  it("the reason column stays in place with long cosign tags, which are shortened like digests", () => {
    const signed = version(1, `sha256:${hex("a")}`, 40, { tags: ["v1"] });
    const sig = version(2, `sha256:${hex("b")}`, 40, {
      tags: [`sha256-${hex("a")}.sig`, `sha256-${hex("a")}.att`, "signature-of-v1-with-a-long-name"],
    });
    const plain = [3, 4].map((i) => version(i, `sha256:${hex(String(i))}`, 40));
    const keep = version(9, `sha256:${hex("9")}`, 1, { tags: ["latest"] });
    const out = text(
      onePackage({ keep: [{ tag: "latest" }], delete: [{ olderThan: "30d" }] }, [
        signed,
        sig,
        ...plain,
        keep,
      ]),
    );
    assert.ok(!out.includes(`sha256-${hex("a")}`), "no 64-character cosign tag");
    assert.match(
      out,
      /\[sha256-aaaaaaaaaaaa…\.sig, sha256-aaaaaaaaaaaa…\.att, signature-of-v1-with-a-long-name\]/,
    );
    const rows = out.split("\n").filter((l) => l.startsWith("  - delete"));
    const column = (line: string) => line.indexOf("  # ");
    const short = rows.filter((r) => !r.includes("signature-of"));
    assert.equal(new Set(short.map(column)).size, 1, "the other rows' reasons line up");
    assert.ok(column(short[0]!) < 60, `reason at column ${column(short[0]!)}: ${out}`);
  });

  it("a blocked reason carrying a 64-character digest is said once per package, not on every line", () => {
    const digest = `sha256:${hex("c")}`;
    const versions = [1, 2, 3, 4].map((i) => version(i, `sha256:${hex(String(i))}`, 40));
    const why = `the manifest of ${digest} could not be read: the registry answered 500`;
    const plan = onePackage(
      { delete: [{ untagged: true }] },
      [...versions, version(9, digest, 1, { tags: ["v9"] })],
      {
        children: new Map(),
        unreadable: why,
      },
    );
    assert.equal(plan.blocked.length, 4);
    const out = text(plan);
    assert.equal(out.split(digest).length - 1, 1, out);
    assert.match(out, /^ {6}blocked, all 4 above: the manifest of sha256:c{64} could not be read/m);
    const md = renderMarkdown(plan, NOW);
    assert.equal(md.split(digest).length - 1, 1, md);
    assert.match(md, /^Blocked \(4 operations\): the manifest of sha256:c{64}/m);
  });
});

describe("storage in the Markdown plan", () => {
  const stored = (size: number, blobs: Record<string, number>): ManifestStorage => ({
    size,
    blobs: Object.entries(blobs).map(([name, bytes]) => ({
      digest: `sha256:${name.padEnd(64, "0")}`,
      size: bytes,
    })),
  });
  function measured(name: string, owner = "octocat"): LivePackage & { spec: PackageSpec } {
    const spec = { ...packageSpec({ name, delete: [{ tag: "old" }] }), owner };
    const old = version(1, "sha256:old", 40, { tags: ["old"] });
    const kept = version(2, "sha256:new", 1, { tags: ["new"] });
    const storage = new Map([
      ["sha256:old", stored(1_000, { base: 300_000_000, app1: 1_200_000_000 })],
      ["sha256:new", stored(1_000, { base: 300_000_000, app2: 900_000_000 })],
    ]);
    return {
      spec,
      ref: spec,
      versions: [old, kept],
      graph: { children: new Map(), unreadable: undefined, storage },
    };
  }

  it("a Mermaid chart of storage before and after, with the numbers beside it", () => {
    const pkg = measured("web");
    const plan = planOf([pkg.spec], [pkg]);
    assert.equal(plan.summary.bytesFreed, 1_200_001_000);
    const md = renderMarkdown(plan, NOW);
    assert.match(md, /^```mermaid\nxychart-beta\n/m);
    assert.match(md, /^ {2}x-axis \["web"\]$/m);
    assert.match(md, /^ {2}bar \[2\.4\]$/m, "before, in GB");
    assert.match(md, /^ {2}bar \[1\.2\]$/m, "after");
    assert.match(md, /^\| `octocat\/container\/web` \| 2\.4 GB \| 1\.2 GB \| 1\.2 GB \|$/m);
    assert.match(md, /^\| `octocat\/container\/web` \| 1 \| 0 \| 0 \| 1 \| 1\.2 GB \|$/m, "the Frees column");
    assert.match(text(plan), /^octocat\/container\/web: 2 active .*; frees 1\.2 GB$/m);
    assert.match(text(plan), /^Frees 1\.2 GB\.$/m);
  });

  it("nothing from GitHub can break out of the chart's strings or its fence", () => {
    const hostile = measured('x"] \n```\n<img src=x onerror=alert(1)>', "evil`owner");
    const plan = planOf([hostile.spec], [hostile]);
    const md = renderMarkdown(plan, NOW);
    const chart = /```mermaid\n([\s\S]*?)\n```/.exec(md)?.[1] ?? "";
    const axis = /x-axis \[(.*)\]/.exec(chart)?.[1] ?? "";
    assert.match(axis, /^"[A-Za-z0-9._/-]+"$/, axis);
    assert.equal(
      chart.split("\n").length,
      6,
      `the chart is what ghpkg wrote, and its fence closes it:\n${chart}`,
    );
    assert.ok(!chart.includes("<"), chart);
  });

  it("at most ten packages in the chart; a comment too small for it keeps the table and leaves the chart out", () => {
    const packages = Array.from({ length: 14 }, (_, i) => measured(`svc-${String(i).padStart(2, "0")}`));
    const plan = planOf(
      packages.map((p) => p.spec),
      packages,
    );
    const whole = renderMarkdown(plan, NOW);
    assert.match(whole, /the 10 that change most/);
    assert.equal(/x-axis \[(.*)\]/.exec(whole)?.[1]?.split(",").length, 10);
    const chartAt = whole.indexOf("```mermaid");
    const tableEnd = whole.indexOf("\n\n", whole.indexOf("| `octocat/container/svc-13`"));
    const limit = tableEnd + 300; // the head and the whole package table, not the chart
    const cut = renderMarkdownWithin(plan, NOW, {
      limit,
      measure: characters,
      whereTheRestIs: "the job summary",
    });
    assert.ok(chartAt > tableEnd);
    assert.ok(characters(cut.markdown) <= limit);
    assert.match(cut.markdown, /`octocat\/container\/svc-13`/);
    assert.doesNotMatch(cut.markdown, /mermaid/);
  });
});

describe("sizes at a glance", () => {
  it("decimal units, one decimal below 100", () => {
    assert.deepEqual(
      [0, 999, 1000, 1_234_567, 99_949_999, 99_950_000, 449_060_000_000, 999_999_999, 1_200_000_000].map(
        formatBytes,
      ),
      ["0 B", "999 B", "1.0 kB", "1.2 MB", "99.9 MB", "100 MB", "449 GB", "1.0 GB", "1.2 GB"],
    );
  });
});
