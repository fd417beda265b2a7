import { shortTag } from "./label.js";

/**
 * A version's tags in a column of this width: whole tags, `latest` first (it is the one people look
 * for), then `+N` for those that did not fit, so `latest` is never cut away. Only a first tag wider
 * than the column itself is cut.
 */
export function fitTags(tags: readonly string[], width: number): string {
  const ordered = [...tags.filter((t) => t === "latest"), ...tags.filter((t) => t !== "latest")].map(
    shortTag,
  );
  if (ordered.length === 0) return "-";
  const whole = ordered.join(", ");
  if (whole.length <= width) return whole;
  for (let shown = ordered.length - 1; shown >= 1; shown--) {
    const text = `${ordered.slice(0, shown).join(", ")}, +${ordered.length - shown}`;
    if (text.length <= width) return text;
  }
  const more = ordered.length > 1 ? ` +${ordered.length - 1}` : "";
  const first = ordered[0] ?? "";
  const room = width - more.length;
  // A cosign tag keeps its kind (`.sig`, `.att`) and gives up digits of its digest instead.
  const cosign = /^(sha256-[0-9a-f]+)…(\.\w+)$/.exec(first);
  if (cosign?.[1] && cosign[2] && room >= 7 + 4 + 1 + cosign[2].length)
    return `${cosign[1].slice(0, room - 1 - cosign[2].length)}…${cosign[2]}${more}`;
  return `${first.slice(0, Math.max(1, room - 1))}…${more}`;
}
