import type { ImageGraph } from "../model/live.js";
import { versionTitle } from "../model/version.js";
import type { Decision } from "./desired.js";
import { finishEarlierDeletes } from "./earlier.js";

/**
 * Children follow their parents (container packages). A version stays when a keep matches it, when
 * no image refers to it and no rule deletes it, or when any image that refers to it stays; anything
 * else goes, so a deleted image takes the children nothing else refers to. Reaches down nested
 * indexes, and finishes what an earlier run started (see earlier.ts). Pure: the graph is an input.
 */
export function followParents(given: readonly Decision[], graph: ImageGraph | undefined): Decision[] {
  if (!graph || (graph.children.size === 0 && !graph.deletedParents?.length)) return [...given];
  // A run stopped half-way left children of images it deleted: they go first, and take their own children.
  const decisions = finishEarlierDeletes(given, graph);
  // A version this plan restores stands like an active one: an image brought back keeps what it lists.
  const active = decisions.filter((d) => d.version.state === "active" || d.want === "present");
  const byName = new Map(active.map((d) => [d.version.name, d]));
  const childrenOf = new Map<Decision, Decision[]>();
  const hasParent = new Set<Decision>();
  const parentsOf = new Map<Decision, Decision[]>();
  for (const parent of active)
    for (const name of graph.children.get(parent.version.name) ?? []) {
      const child = byName.get(name);
      if (!child || child === parent) continue;
      const list = childrenOf.get(parent);
      if (list) list.push(child);
      else childrenOf.set(parent, [child]);
      hasParent.add(child);
      const parents = parentsOf.get(child);
      if (parents) parents.push(parent);
      else parentsOf.set(child, [parent]);
    }

  // Everything reachable from what stays on its own stays, and remembers who reached it first.
  const anchors = active.filter((d) => d.want === "present" || (d.want === "as-is" && !hasParent.has(d)));
  const reachedBy = new Map<Decision, Decision | undefined>(anchors.map((d) => [d, undefined]));
  for (let queue = [...anchors]; queue.length > 0;) {
    const parent = queue.pop()!;
    for (const child of childrenOf.get(parent) ?? [])
      if (!reachedBy.has(child)) {
        reachedBy.set(child, parent);
        queue.push(child);
      }
  }

  const changed = new Map<Decision, Decision>();
  for (const [d, parent] of reachedBy)
    if (parent && d.want === "absent")
      changed.set(d, {
        ...d,
        want: "present",
        reason: `child of ${versionTitle(parent.version)}`,
        parent: parent.version,
      });

  // What goes: each child under the first deleted image that reaches it, so apply deletes parents first.
  const gone = new Set(active.filter((d) => !reachedBy.has(d)));
  const roots = [...gone].filter((d) => !hasParent.has(d));
  const placed = new Set(roots);
  // Breadth first, by an index into the queue: shift() is linear, quadratic over 100,000 images.
  const queue = [...roots];
  for (let head = 0; head < queue.length; head++) {
    const parent = queue[head]!;
    for (const child of childrenOf.get(parent) ?? [])
      if (gone.has(child) && !placed.has(child)) {
        placed.add(child);
        // A child its own rule deletes keeps that reason; it is still shown, and deleted, after its parent.
        const reason = child.want === "absent" ? child.reason : `child of ${versionTitle(parent.version)}`;
        // Every image that lists it goes too (else it would stay): apply deletes it after all of them.
        const all = new Set([parent, ...(parentsOf.get(child) ?? [])]);
        const parents = all.size > 1 ? { parents: [...all].map((p) => p.version) } : {};
        changed.set(child, { ...child, want: "absent", reason, parent: parent.version, ...parents });
        queue.push(child);
      }
  }
  return decisions.map((d) => changed.get(d) ?? d);
}
