import { startSandbox } from "../src/sandbox/server.js";
import { succeeded, timeCli } from "./cli-run.js";
import { closing, type Figure } from "./figure.js";
import { benchPackage, manyVersions, scratchDir, writeSpec } from "./fixtures.js";

const COUNTS = [0, 1, 99, 100, 101, 950];

/** Requests one `plan` sends, against the fewest the API allows: a page per 100 versions, at least one. */
export async function benchRequests(): Promise<Figure> {
  const sent: number[] = [];
  const fewest: number[] = [];
  for (const restorable of [false, true])
    for (const versions of COUNTS) {
      const sandbox = await startSandbox({
        state: {
          viewer: "octocat",
          packages: [benchPackage("npm", "lib", manyVersions(versions, 1, Date.now()))],
        },
      });
      // GET /users/{owner} once (a user or an organisation?); a keep that names a version exactly can
      // restore it: that needs GET /user and the deleted listing.
      const keep = restorable ? "keep:\n  - name: 1.0.0" : 'keep:\n  - semver: "*"\n    newest: 10';
      const spec = writeSpec(scratchDir(), [{ type: "npm", name: "lib" }], `${keep}\nunmatched: delete`);
      await closing(sandbox, async () =>
        succeeded(
          await timeCli(["plan", "-f", spec, "--quiet"], sandbox.url),
          `plan of ${versions} versions`,
        ),
      );
      sent.push(sandbox.requests.length);
      fewest.push(1 + Math.max(1, Math.ceil(versions / 100)) + (restorable ? 2 : 0));
    }
  const half = COUNTS.length;
  const show = (values: number[]) =>
    `${values.slice(0, half).join(" / ")} (restorable: ${values.slice(half).join(" / ")})`;
  const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    what: `requests for a plan of ${COUNTS.join(" / ")} versions`,
    measured: show(sent),
    ideal: `${show(fewest)} (a page per 100 versions; a restorable keep adds \`GET /user\` and the deleted listing)`,
    ratio: total(sent) / total(fewest),
    goal: "exactly the fewest",
    met: sent.every((n, i) => n === fewest[i]),
  };
}
