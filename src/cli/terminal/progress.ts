import type { Output } from "./output.js";

/**
 * A "reading packages 3/10" line that rewrites itself on a terminal while listing takes long;
 * nothing at all in CI logs, with --quiet, or when stderr is not a terminal.
 */
export interface Progress {
  readonly update: (done: number, total: number) => void;
  readonly finish: () => void;
}

export function progressLine(
  output: Output,
  enabled: boolean,
  env: NodeJS.ProcessEnv = process.env,
): Progress {
  const show = enabled && !output.quiet && process.stderr.isTTY === true && env.CI === undefined;
  const startedAt = Date.now();
  return {
    update: (done, total) => {
      if (show && Date.now() - startedAt > 500)
        process.stderr.write(`\rreading packages ${done}/${total}\u001b[K`);
    },
    finish: () => {
      if (show) process.stderr.write("\r\u001b[K");
    },
  };
}
