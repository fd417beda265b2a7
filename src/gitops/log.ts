/** A note in the step's log, as ghpkg writes its own: on stderr, so stdout stays ghpkg's. */
export function note(message: string): void {
  process.stderr.write(`note: ${message}\n`);
}

/** A warning annotation on the run. The text may come from GitHub, so it never forms a second command. */
export function warningAnnotation(message: string): void {
  process.stdout.write(`::warning::${escapeData(message)}\n`);
}

/** An error annotation on the run, escaped the same way. */
export function errorAnnotation(message: string): void {
  process.stdout.write(`::error::${escapeData(message)}\n`);
}

// Workflow commands read %, CR and LF as syntax.
const escapeData = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
