import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox } from "../src/sandbox/server.js";
import { succeeded, timeCli } from "./cli-run.js";
import { closing, count, median, repeat, seconds, type Figure } from "./figure.js";
import { benchPackage, manyVersions, scratchDir } from "./fixtures.js";

const FILES = 10_000;
const FILE_BYTES = 10 * 1024;

/**
 * What `usedIn` adds to a plan: the same plan of one 1,000-version container package with and
 * without `usedIn: "deploy/**"` over 10,000 Kubernetes manifests of 10 KB (100 MB), one in ten
 * naming an image of the package. Goal: under 1 s more.
 */
export async function benchUsedIn(): Promise<Figure> {
  const now = Date.now();
  const packages = [benchPackage("container", "web", manyVersions(1000, 1, now))];
  const sandbox = await startSandbox({ state: { viewer: "octocat", packages } });
  const dir = scratchDir();
  const host = new URL(sandbox.url).host;
  writeManifests(join(dir, "deploy"), host);
  const spec = (usedIn: boolean) =>
    `version: 1\nowner: octocat\npackages:\n  - type: container\n    name: web\n    keep:\n      - tag: "v*"\n        newest: 10\n${usedIn ? '      - usedIn: "deploy/**"\n' : ""}`;
  writeFileSync(join(dir, "without.yaml"), spec(false));
  writeFileSync(join(dir, "with.yaml"), spec(true));
  const plan = async (file: string) =>
    succeeded(await timeCli(["plan", "-f", file, "--quiet"], sandbox.url, { cwd: dir }), `plan -f ${file}`)
      .ms;
  const runs = await closing(sandbox, () =>
    repeat(async () => ({ without: await plan("without.yaml"), with: await plan("with.yaml") })),
  );
  const without = median(runs.map((r) => r.without));
  const withUsage = median(runs.map((r) => r.with));
  const added = withUsage - without;
  return {
    what: `\`plan\` with \`usedIn\` over ${count(FILES)} files of 10 KB (100 MB)`,
    measured: `${seconds(withUsage)}: ${seconds(added)} more`,
    ideal: `${seconds(without)} (the same plan without \`usedIn\`)`,
    ratio: withUsage / without,
    goal: "< 1 s more",
    met: added < 1000,
  };
}

/** Deployments of 10 KB each, padded with environment variables; every tenth names `web`. */
function writeManifests(dir: string, host: string): void {
  for (let i = 0; i < FILES; i++) {
    const sub = join(dir, `team-${i % 100}`);
    if (i < 100) mkdirSync(sub, { recursive: true });
    const image = i % 10 === 0 ? `${host}/octocat/web:v1.${i % 1000}` : `docker.io/library/app-${i}:1.${i}`;
    let text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "${image}"\n          env:\n`;
    for (let n = 0; text.length < FILE_BYTES - 80; n++)
      text += `            - name: SETTING_${n}\n              value: "https://svc-${n}.internal.example/path/${i}"\n`;
    writeFileSync(join(sub, `app-${i}.yaml`), text.padEnd(FILE_BYTES, "#"));
  }
}
