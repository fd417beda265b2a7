import { startSandbox } from "../src/sandbox/server.js";
import { succeeded, timeCli, timeNode } from "./cli-run.js";
import { closing, count, median, repeat, seconds, type Figure } from "./figure.js";
import { benchPackage, manyVersions, scratchDir, writeSpec } from "./fixtures.js";

const LATENCY_MS = 100;
const CONCURRENCY = 32;
const PER_PAGE = 100;

/**
 * Rounds of requests the API allows for listing one owner's packages at `concurrency` in flight:
 * `GET /users/{owner}` (which of `/users/` or `/orgs/` to list from: no listing can go before it),
 * every first page at once (they tell how many pages there are), then every remaining page at once.
 */
export function listingRounds(versionCounts: readonly number[], concurrency: number): number {
  const rest = versionCounts.reduce((n, v) => n + Math.max(1, Math.ceil(v / PER_PAGE)) - 1, 0);
  return 1 + Math.ceil(versionCounts.length / concurrency) + Math.ceil(rest / concurrency);
}

/** A plan of 10 packages × 1,000 versions at 100 ms a request, against the schedule the API allows. */
export async function benchListing(): Promise<Figure> {
  const now = Date.now();
  const packages = Array.from({ length: 10 }, (_, i) =>
    benchPackage("npm", `lib${i}`, manyVersions(1000, i * 1000 + 1, now)),
  );
  const sandbox = await startSandbox({ state: { viewer: "octocat", packages }, latencyMs: LATENCY_MS });
  const spec = writeSpec(scratchDir(), packages, 'keep:\n  - semver: "*"\n    newest: 10\nunmatched: delete');
  const minimum = packages.length * (1000 / PER_PAGE);
  const runs = await closing(sandbox, () =>
    repeat(async () => {
      const before = sandbox.requests.length;
      const bare = (await timeNode(["-e", "0"])).ms;
      const plan = succeeded(
        await timeCli(["plan", "-f", spec, "--quiet", "--concurrency", String(CONCURRENCY)], sandbox.url),
        "plan of 10 × 1,000",
      );
      const listing = sandbox.requests.slice(before).filter((r) => r.path.includes("/versions"));
      return { bare, ms: plan.ms, requests: listing.length };
    }),
  );
  const rounds = listingRounds(
    packages.map(() => 1000),
    CONCURRENCY,
  );
  const ideal = median(runs.map((r) => r.bare)) + LATENCY_MS * rounds;
  const ms = median(runs.map((r) => r.ms));
  // Each plan against the bare node measured just before it: both met the same load.
  const ratioOfRuns = median(runs.map((r) => r.ms / (r.bare + LATENCY_MS * rounds)));
  const requests = median(runs.map((r) => r.requests));
  return {
    what: `\`plan\`, 10 packages × 1,000 versions, ${LATENCY_MS} ms a request, \`--concurrency ${CONCURRENCY}\``,
    measured: `${seconds(ms)} (${count(requests)} pages read, fewest ${count(minimum)})`,
    ideal: `${seconds(ideal)} (\`node -e 0\` + ${LATENCY_MS} ms × ${rounds} rounds: the owner, first pages, the rest)`,
    ratio: ratioOfRuns,
    goal: "≤ 1.50x, fewest requests",
    met: ratioOfRuns <= 1.5 && requests === minimum,
  };
}
