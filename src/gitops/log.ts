import {
  errorAnnotation as errorCommand,
  warningAnnotation as warningCommand,
} from "../render/workflow-commands.js";

/** A note in the step's log, as ghpkg writes its own: on stderr, so stdout stays ghpkg's. */
export function note(message: string): void {
  process.stderr.write(`note: ${message}\n`);
}

/** A warning annotation on the run. The text may come from GitHub, so it never forms a second command. */
export function warningAnnotation(message: string): void {
  process.stdout.write(`${warningCommand(message)}\n`);
}

/** An error annotation on the run, escaped the same way. */
export function errorAnnotation(message: string): void {
  process.stdout.write(`${errorCommand(message)}\n`);
}
