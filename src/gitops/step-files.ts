import { appendFileSync } from "node:fs";
import { randomUUID } from "node:crypto";

/** What a step hands on: outputs for later steps, Markdown for the run's page. */
export interface StepFiles {
  setOutput(name: string, value: string): void;
  appendSummary(markdown: string): void;
}

/** The files GitHub names in GITHUB_OUTPUT and GITHUB_STEP_SUMMARY; outside Actions, nothing is written. */
export function stepFiles(env: NodeJS.ProcessEnv): StepFiles {
  return {
    setOutput(name, value) {
      if (!env.GITHUB_OUTPUT) return;
      // A value with a newline needs the heredoc form, with a delimiter the value cannot contain.
      const delimiter = `ghadelimiter_${randomUUID()}`;
      appendFileSync(
        env.GITHUB_OUTPUT,
        /[\r\n]/.test(value) ? `${name}<<${delimiter}\n${value}\n${delimiter}\n` : `${name}=${value}\n`,
      );
    },
    appendSummary(markdown) {
      if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
    },
  };
}
