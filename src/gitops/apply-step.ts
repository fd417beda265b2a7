import type { ActionInputs } from "./action-inputs.js";
import { parseApplyOutput, renderApplyReport } from "./apply-report.js";
import { lastLine, type Ghpkg } from "./run-cli.js";
import type { StepFiles } from "./step-files.js";

/**
 * `ghpkg apply --yes`; what it did to the job summary (each failure with GitHub's reason) and to
 * the outputs `deleted`, `restored`, `failed` and `summary`. The exit code is ghpkg's.
 */
export async function applyStep(inputs: ActionInputs, files: StepFiles, ghpkg: Ghpkg): Promise<number> {
  const run = await ghpkg("apply", ["--yes", ...inputs.args]);
  const report = parseApplyOutput(run);
  files.appendSummary(renderApplyReport(report, run.code));
  files.setOutput("summary", report.summary ?? lastLine(run.stdout));
  files.setOutput("deleted", String(report.deleted));
  files.setOutput("restored", String(report.restored));
  files.setOutput("failed", String(report.failed));
  return run.code;
}
