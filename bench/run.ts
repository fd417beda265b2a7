import { benchApplyRate, benchPacing } from "./apply.js";
import { renderFigures, RUNS, type Figure } from "./figure.js";
import { removeScratchDirs } from "./fixtures.js";
import { benchColdImages, benchWarmImages } from "./images.js";
import { benchListing } from "./listing.js";
import { benchManifests } from "./manifests.js";
import { benchPlanner } from "./planner.js";
import { benchRequests } from "./requests.js";
import { benchStartup } from "./startup.js";
import { benchUsedIn } from "./used-in.js";

// Performance goals live here, not in timed tests. A machine shared with other work makes any
// absolute time noisy, so each figure is set against an ideal measured in the same run, and a
// missed goal is reported; only `--strict` turns a miss into exit 1.
const strict = process.argv.includes("--strict");
// `--only NAME` (repeatable) measures just those steps (say `--only apply`), while working on one figure.
const only = process.argv.flatMap((arg, i) => (process.argv[i - 1] === "--only" ? [arg] : []));
const wanted = (name: string) => only.length === 0 || only.some((o) => name.includes(o));
const figures: Figure[] = [];
const notes: string[] = [];

// In-process first, while this process holds nothing else: its RSS is part of the figure.
if (wanted("planner")) figures.push(...benchPlanner());
if (wanted("startup")) {
  const startup = await benchStartup();
  figures.push(...startup.figures);
  notes.push(...startup.notes);
}
const steps: [string, () => Promise<Figure>][] = [
  ["requests", benchRequests],
  ["manifests", benchManifests],
  ["listing under latency", benchListing],
  ["cold images", benchColdImages],
  ["warm images", benchWarmImages],
  ["apply", benchApplyRate],
  ["pacing", benchPacing],
  ["usedIn", benchUsedIn],
];
for (const [name, step] of steps.filter(([name]) => wanted(name))) {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    figures.push(await step());
  } catch (error) {
    figures.push({
      what: name,
      measured: `failed: ${error instanceof Error ? error.message : String(error)}`,
      ideal: "—",
      goal: "—",
      met: false,
    });
  }
}
removeScratchDirs();

console.log(`Medians of ${RUNS} runs on ${process.platform}, Node ${process.version}.\n`);
console.log(renderFigures(figures).join("\n"));
console.log(`\n${notes.join("\n")}`);
const missed = figures.filter((f) => !f.met).length;
console.log(missed === 0 ? "\nEvery goal met." : `\n${missed} of ${figures.length} goals missed.`);
if (strict && missed > 0) process.exitCode = 1;
