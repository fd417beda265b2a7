import { replaceFile, type OutFile } from "../files/replace-file.js";
import { tokenFrom } from "../live/connection.js";
import type { ApplyReport } from "../reconcile/apply.js";
import { refusalToJson, reportToJson } from "../reconcile/report-json.js";
import { redactor } from "../transport/redact.js";

/** `apply --report FILE`: checked before anything is sent (reconcile asks when it knows the spec's files). */
export const REPORT_OUT: OutFile = { what: "the report", flag: "--report" };

/**
 * Writes what an apply run did, or why it applied nothing, as JSON (reconcile/report-json.ts),
 * whole or not at all. No token reaches the file, whatever an error message carried.
 */
export function writeReportFile(
  path: string,
  run: { readonly runId: string; readonly report?: ApplyReport; readonly error?: unknown },
): void {
  const json = run.report
    ? reportToJson(run.report)
    : refusalToJson(run.runId, run.error instanceof Error ? run.error.message : String(run.error));
  const redact = redactor([tokenFrom(process.env), process.env.GITHUB_TOKEN, process.env.GH_TOKEN]);
  replaceFile(path, `${redact(JSON.stringify(json, null, 2))}\n`, REPORT_OUT.what);
}
