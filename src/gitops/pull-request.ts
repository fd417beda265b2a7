import { readFileSync } from "node:fs";

/** The pull request a run is for (`pull_request` and `pull_request_target` events), else undefined. */
export function pullRequestNumber(env: NodeJS.ProcessEnv): number | undefined {
  if (!env.GITHUB_EVENT_PATH || !/^pull_request/.test(env.GITHUB_EVENT_NAME ?? "")) return undefined;
  const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, "utf8")) as {
    pull_request?: { number?: unknown };
  };
  const number = event.pull_request?.number;
  return typeof number === "number" ? number : undefined;
}

/** The run's page, where its job summary is shown; undefined outside Actions. */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run } = env;
  return server && repository && run ? `${server}/${repository}/actions/runs/${run}` : undefined;
}
