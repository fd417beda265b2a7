import { randomBytes } from "node:crypto";

/**
 * An apply run's id: when it started, to the second, and six random hex digits, so ids sort by time,
 * read well in a list (`ghpkg undo`) and two runs in the same second still differ: `20261124T100000Z-3f9a2c`.
 */
export function newRunId(startedAt: Date): string {
  const stamp = startedAt
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}
