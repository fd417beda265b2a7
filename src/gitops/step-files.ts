import { appendFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { fsReason } from "../files/fs-reason.js";
import { UserError } from "../model/errors.js";

/** What a step hands on: outputs for later steps, Markdown for the run's page. */
export interface StepFiles {
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): void;
}

/**
 * The files GitHub names in GITHUB_OUTPUT and GITHUB_STEP_SUMMARY; outside Actions, nothing is written.
 * A runner whose disk is full cannot take them: the step fails saying so, in one line, not as a bug.
 */
export function stepFiles(env: NodeJS.ProcessEnv): StepFiles {
  return {
    setOutput(name, value) {
      if (!env.GITHUB_OUTPUT) return;
      // A value with a newline needs the heredoc form, with a delimiter the value cannot contain.
      const delimiter = `ghadelimiter_${randomUUID()}`;
      append(
        "the step's outputs (GITHUB_OUTPUT)",
        env.GITHUB_OUTPUT,
        /[\r\n]/.test(value) ? `${name}<<${delimiter}\n${value}\n${delimiter}\n` : `${name}=${value}\n`,
      );
    },
    appendSummary(markdown) {
      if (env.GITHUB_STEP_SUMMARY)
        append("the job summary (GITHUB_STEP_SUMMARY)", env.GITHUB_STEP_SUMMARY, markdown);
    },
  };
}

function append(what: string, path: string, text: string): void {
  try {
    appendFileSync(path, text);
  } catch (error) {
    throw new UserError(`cannot write ${what} ${path}: ${fsReason(error)}`, { cause: error });
  }
}
