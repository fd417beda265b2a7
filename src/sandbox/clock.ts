import type { Answer } from "./exchange.js";

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `GET /_sandbox/clock` answers the sandbox's time; `POST /_sandbox/clock` with `{"advance": "1h"}`
 * (`s`, `m`, `h`, `d`; a leading `-` goes back) or `{"now": "2026-11-24T11:00:00Z"}` moves it, so a
 * test can let an hour pass between two runs: rate-limit windows reset, deletes age. Answers
 * `{ "now": ISO }`, or 400 with what was wrong.
 */
export function clockRoute(clock: () => number, move: (ms: number) => void) {
  const answer = (status: number, body: unknown): Answer => ({ status, body, kind: "internal" });
  const now = () => answer(200, { now: new Date(clock()).toISOString() });
  return (method: string, body: string): Answer => {
    if (method === "GET") return now();
    if (method !== "POST") return answer(405, { message: "GET or POST" });
    let asked: { advance?: unknown; now?: unknown };
    try {
      asked = JSON.parse(body) as typeof asked;
    } catch {
      return answer(400, {
        message: 'expected JSON such as {"advance": "1h"} or {"now": "2026-11-24T11:00:00Z"}',
      });
    }
    if (typeof asked?.advance === "string") {
      const match = /^(-?\d+)([smhd])$/.exec(asked.advance.trim());
      if (!match) return answer(400, { message: "advance: expected such as 90s, 30m, 1h, 2d (or -1h)" });
      move(Number(match[1]) * (UNIT_MS[match[2] ?? "s"] ?? 0));
      return now();
    }
    if (typeof asked?.now === "string") {
      const target = Date.parse(asked.now);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(asked.now) || Number.isNaN(target))
        return answer(400, { message: "now: expected an ISO 8601 date-time such as 2026-11-24T11:00:00Z" });
      move(target - clock());
      return now();
    }
    return answer(400, { message: 'expected {"advance": "1h"} or {"now": "2026-11-24T11:00:00Z"}' });
  };
}
