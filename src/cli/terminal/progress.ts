import type { Output } from "./output.js";

/**
 * A "reading packages 3/10", then "reading manifests 120/900", line that rewrites itself on a
 * terminal while reading takes long; nothing at all in CI logs, with --quiet, or when stderr is not
 * a terminal.
 */
export interface Progress {
  readonly update: (done: number, total: number) => void;
  readonly manifests: (done: number, total: number) => void;
  readonly finish: () => void;
}

/** Where the line goes: standard error, or a test's stand-in for a terminal. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export function progressLine(
  output: Output,
  enabled: boolean,
  env: NodeJS.ProcessEnv = process.env,
  stream: ProgressStream = process.stderr,
  now: () => number = Date.now,
): Progress {
  const show = enabled && !output.quiet && stream.isTTY === true && env.CI === undefined;
  const startedAt = now();
  const line = (what: string) => (done: number, total: number) => {
    if (show && now() - startedAt > 500) stream.write(`\rreading ${what} ${done}/${total}\u001b[K`);
  };
  return {
    update: line("packages"),
    manifests: line("manifests"),
    finish: () => {
      if (show) stream.write("\r\u001b[K");
    },
  };
}
