/** The one list of duration units: the spec's durations are written in them, and ages shown in them. */
export const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const SHORT = /^(\d+)([mhdw])$/;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * A duration in milliseconds, from `90d`, `12h`, `2w`, `30m` or ISO 8601 (`P90D`, `PT12H`, `P1DT6H`).
 * Months and years are refused: they have no fixed length, and a retention rule must not drift.
 * Throws an Error whose message is fit for the user.
 */
export function parseDuration(text: string): number {
  const short = SHORT.exec(text);
  if (short) return Number(short[1]) * UNIT_MS[short[2] as keyof typeof UNIT_MS];
  const iso = ISO.exec(text);
  if (iso && text !== "P" && !text.endsWith("T")) {
    const [, w = "0", d = "0", h = "0", m = "0", s = "0"] = iso;
    return (
      Number(w) * UNIT_MS.w +
      Number(d) * UNIT_MS.d +
      Number(h) * UNIT_MS.h +
      Number(m) * UNIT_MS.m +
      Number(s) * 1000
    );
  }
  const isoDatePart = text.startsWith("P") ? (text.slice(1).split("T")[0] ?? "") : "";
  if (/[YM]/.test(isoDatePart))
    throw new Error(
      `\`${text}\`: months and years have no fixed length; use days or weeks (such as 90d or P13W)`,
    );
  throw new Error(
    `\`${text}\` is not a duration; write it as 90d, 12h, 2w, 30m, or ISO 8601 such as P90D or PT12H`,
  );
}
