import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActionInputs } from "./action-inputs.js";
import { readApplyReport, renderApplyReport } from "./apply-report.js";
import { lastLine, type Ghpkg } from "./run-cli.js";
import type { StepFiles } from "./step-files.js";

/**
 * `ghpkg apply --yes --report FILE`; what the report says it did to the job summary (each failure
 * with GitHub's reason) and to the outputs `deleted`, `restored`, `failed` and `summary`. The exit
 * code is ghpkg's.
 */
export async function applyStep(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  files: StepFiles,
  ghpkg: Ghpkg,
): Promise<number> {
  const reportFile = join(
    env.RUNNER_TEMP || tmpdir(),
    `ghpkg-apply-report-${env.GITHUB_RUN_ID ?? "local"}-${process.pid}.json`,
  );
  rmSync(reportFile, { force: true });
  const run = await ghpkg("apply", ["--yes", "--report", reportFile, ...inputs.args]);
  const report = readApplyReport(reportFile, run);
  files.appendSummary(renderApplyReport(report, run.code));
  files.setOutput("summary", report.summary ?? report.error ?? lastLine(run.stdout));
  files.setOutput("deleted", String(report.deleted));
  files.setOutput("restored", String(report.restored));
  files.setOutput("failed", String(report.failed));
  if (report.runId) files.setOutput("run-id", report.runId);
  files.setOutput("report-file", reportFile);
  return run.code;
}
