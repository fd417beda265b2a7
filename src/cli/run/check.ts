import { defaultJournalPath } from "../../journal/journal.js";
import { UserError } from "../../model/errors.js";
import { checkImages, type CheckTarget } from "../../reconcile/check.js";
import { renderCheckJson, renderCheckMarkdown, renderCheckText } from "../../render/check.js";
import { damageHeading } from "../../render/damage.js";
import { escapeText } from "../../render/escape.js";
import { style } from "../../render/style.js";
import { loadSpec } from "../../spec/load.js";
import type { GlobalContext } from "../context.js";
import { connecting } from "../connect.js";
import type { PackageArg } from "../flags/package-arg.js";
import { checkPackagePatterns } from "../flags/package-patterns.js";
import { specPaths } from "../flags/spec-option.js";

export interface CheckFlags {
  file?: string[];
  owner?: string;
  package?: PackageArg[];
  format: "text" | "json" | "markdown";
  now?: number;
  concurrency: number;
  journal?: string;
}

/** Flags into a check request, the report into output and an exit code: 0 clean, 2 damage, 1 an error. */
export async function runCheck(global: GlobalContext, flags: CheckFlags): Promise<void> {
  const byOwner = flags.owner !== undefined || flags.package !== undefined;
  if (byOwner && flags.file !== undefined)
    throw new UserError("check takes a spec (-f) or --owner with --package, not both");
  if (byOwner && (flags.owner === undefined || flags.package === undefined))
    throw new UserError("--owner and --package go together: check --owner USER --package container/NAME");
  if (flags.package) checkPackagePatterns(flags.package);
  const context = connecting(global);
  const output = context.output();
  const nowMs = flags.now ?? Date.now();
  // A bad spec stops before anything is sent.
  const spec = byOwner ? undefined : loadSpec(specPaths(flags.file));
  const target: CheckTarget = spec
    ? { spec: spec.packages }
    : { owner: flags.owner ?? "", packages: flags.package ?? [] };
  const journalPath = flags.journal ?? (spec ? defaultJournalPath(spec.files) : undefined);
  const { ports } = context.connect({
    concurrency: flags.concurrency,
    progress: flags.format === "text",
    ...(journalPath ? { journalPath } : {}),
  });
  const report = await checkImages(ports, { target, nowMs, concurrency: flags.concurrency });
  if (!output.quiet) for (const note of report.notes) output.err(`note: ${escapeText(note)}`);
  const damaged = report.broken.length + report.orphans.length > 0;
  if (output.quiet) {
    if (damaged) output.out(damageHeading(report.broken.length, report.orphans.length));
  } else if (flags.format === "json") output.out(renderCheckJson(report));
  else if (flags.format === "markdown") output.out(renderCheckMarkdown(report, nowMs));
  else output.out(renderCheckText(report, style(output.color), nowMs));
  process.exitCode = damaged ? 2 : report.unreadable.length > 0 ? 1 : 0;
}
