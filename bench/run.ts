import { benchApply } from "./apply.js";
import { benchManifests } from "./manifests.js";
import { benchPlanner } from "./planner.js";
import { benchLatency, benchRequests } from "./requests.js";

// Performance goals live here, not in timed tests. Exit 1 when a goal is missed.
const sections: [string, () => string[] | Promise<string[]>][] = [
  ["Planner: 100,000 versions, 20 selectors", benchPlanner],
  ["Requests for one plan, against the minimum", benchRequests],
  ["Reading under latency", benchLatency],
  ["Apply", benchApply],
  ["Container manifests read per plan", benchManifests],
];
for (const [title, run] of sections) {
  console.log(`\n## ${title}\n`);
  console.log((await run()).join("\n"));
}
console.log(process.exitCode ? "\nA goal was missed." : "\nEvery goal met.");
