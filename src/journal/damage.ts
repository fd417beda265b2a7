import { readJournal, type ReadEntry } from "./journal.js";

/**
 * The journal's entries, with what could not be read said, never passed over in silence: lines that
 * cannot be read (how many, and the first), whose operations no plan then knows of; and, as a note of
 * its own, a last line cut off by a run killed while writing it, the one case a journal is expected
 * to have (passed over, and the next line written starts afresh).
 */
export function readJournalSaying(path: string, say?: (note: string) => void): ReadEntry[] {
  const unreadable: number[] = [];
  let cutOff = false;
  const entries = readJournal(path, (line, unfinished) => {
    if (unfinished) cutOff = true;
    else unreadable.push(line);
  });
  const [first] = unreadable;
  if (first !== undefined)
    say?.(
      `${unreadable.length} ${unreadable.length === 1 ? "line" : "lines"} of the journal ${path} cannot be read (the first is line ${first}); what they record is not known to this run`,
    );
  if (cutOff)
    say?.(
      `the last line of the journal ${path} was cut off (a run killed while writing it) and is passed over`,
    );
  return entries;
}
