import { startSandbox } from "../src/sandbox/server.js";
import { succeeded, timeCli, timeNode } from "./cli-run.js";
import { closing, count, median, repeat, seconds, type Figure } from "./figure.js";
import { benchPackage, manyVersions, scratchDir, writeSpec } from "./fixtures.js";

const DELETES = 500;
const CONCURRENCY = 8;
const PACKAGE = { type: "npm" as const, name: "lib" };
const KEEP_NEWEST = 'keep:\n  - semver: "*"\n    newest: 1\nunmatched: delete';

// The same deletes sent by plain fetch from a fresh process, CONCURRENCY at a time: the sandbox's
// own pace, the best any client could do here.
const BARE_DELETES = `
const [url, first, total, width] = process.argv.slice(1).map((a, i) => (i === 0 ? a : Number(a)));
let next = first;
const started = performance.now();
const worker = async () => {
  for (let id = next++; id < first + total; id = next++) {
    const res = await fetch(url + "/user/packages/npm/lib/versions/" + id, { method: "DELETE", headers: { authorization: "token bench" } });
    if (res.status !== 204) throw new Error("DELETE " + id + ": " + res.status);
  }
};
await Promise.all(Array.from({ length: width }, worker));
console.log(performance.now() - started);
`;

const deletesDone = (sandbox: { requests: { method: string; status: number }[] }) =>
  sandbox.requests.filter((r) => r.method === "DELETE" && r.status === 204).length;

/** `apply` at --write-interval 0: deletes a second, against plain fetch in the same run. */
export async function benchApplyRate(): Promise<Figure> {
  const runs = await repeat(async () => {
    const state = () => ({
      viewer: "octocat",
      packages: [benchPackage(PACKAGE.type, PACKAGE.name, manyVersions(DELETES + 1, 1, Date.now()))],
    });
    const bareSandbox = await startSandbox({ state: state() });
    // Ids 2.. are the older versions: the newest (id 1) is the one a plan keeps.
    const bare = await closing(bareSandbox, async () =>
      succeeded(
        await timeNode([
          "--input-type=module",
          "-e",
          BARE_DELETES,
          bareSandbox.url,
          "2",
          String(DELETES),
          String(CONCURRENCY),
        ]),
        "plain fetch deletes",
      ),
    );
    const sandbox = await startSandbox({ state: state() });
    const spec = writeSpec(scratchDir(), [PACKAGE], KEEP_NEWEST);
    return closing(sandbox, async () => {
      const plan = succeeded(
        await timeCli(["plan", "-f", spec, "--quiet"], sandbox.url),
        "plan before apply",
      );
      const apply = succeeded(
        await timeCli(
          [
            "apply",
            "-f",
            spec,
            "--yes",
            "--quiet",
            "--write-interval",
            "0",
            "--concurrency",
            String(CONCURRENCY),
          ],
          sandbox.url,
        ),
        "apply",
      );
      // What apply adds to a plan of the same spec is the deletes and their journal lines.
      return { bareMs: Number(bare.stdout), deletesMs: apply.ms - plan.ms, done: deletesDone(sandbox) };
    });
  });
  const ms = median(runs.map((r) => r.deletesMs));
  const ideal = median(runs.map((r) => r.bareMs));
  const rate = (DELETES / ms) * 1000;
  const done = Math.min(...runs.map((r) => r.done));
  return {
    what: `\`apply\`, ${count(DELETES)} deletes at \`--write-interval 0\`, \`--concurrency ${CONCURRENCY}\``,
    measured: `${seconds(ms)} over its plan (${Math.round(rate)}/s, ${count(done)} done)`,
    ideal: `${seconds(ideal)} (plain \`fetch\`, ${CONCURRENCY} at a time: ${Math.round((DELETES / ideal) * 1000)}/s)`,
    ratio: ms / ideal,
    goal: "≥ 500/s",
    met: rate >= 500 && done === DELETES,
  };
}

/** The default pacing (1000 ms) against a sandbox that refuses mutations closer than 900 ms. */
export async function benchPacing(): Promise<Figure> {
  const deletes = 5;
  const sandbox = await startSandbox({
    state: {
      viewer: "octocat",
      packages: [benchPackage(PACKAGE.type, PACKAGE.name, manyVersions(deletes + 1, 1, Date.now()))],
    },
    minMutationIntervalMs: 900,
  });
  const spec = writeSpec(scratchDir(), [PACKAGE], KEEP_NEWEST);
  const apply = await closing(sandbox, async () =>
    succeeded(await timeCli(["apply", "-f", spec, "--yes", "--quiet"], sandbox.url), "paced apply"),
  );
  const limited = sandbox.requests.filter((r) => r.status === 403).length;
  const done = deletesDone(sandbox);
  return {
    what: `\`apply\` at the default pacing, sandbox refusing mutations closer than 900 ms`,
    measured: `${limited} secondary rate limits met, ${done} of ${deletes} deleted in ${seconds(apply.ms)}`,
    ideal: "—",
    goal: "none met",
    met: limited === 0 && done === deletes,
  };
}
