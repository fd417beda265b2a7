/**
 * An instant written as RFC 3339 with a time zone (`2026-11-24T10:00:00Z`, `2026-11-24T11:00:00+01:00`),
 * in milliseconds. Only a date on the calendar and a time of day are taken: `Date.parse` would roll
 * 2026-02-30 over to March 2 and read a time without a zone as the machine's local time, and a plan
 * made at the wrong time ages versions wrongly. Throws an Error whose message is fit for the user.
 */
export function parseInstant(text: string): number {
  const match = RFC3339.exec(text);
  if (!match) throw new Error(EXPECTED);
  const [, date = "", time = "", fraction = "", zone = ""] = match;
  const [year = 0, month = 0, day = 0] = date.split("-").map(Number);
  const [hour = 0, minute = 0, second = 0] = time.split(":").map(Number);
  if (month < 1 || month > 12) throw new Error(`${date} is not a date: there is no month ${month}`);
  const days = daysIn(year, month);
  if (day < 1 || day > days)
    throw new Error(`${date} is not a date: ${MONTHS[month - 1] ?? ""} ${year} has ${days} days`);
  // A leap second (:60) is RFC 3339's, but no clock ghpkg compares with has one.
  if (hour > 23 || minute > 59 || second > 59) throw new Error(`${time} is not a time of day`);
  const [offsetHours = 0, offsetMinutes = 0] = /^[+-]/.test(zone) ? zone.slice(1).split(":").map(Number) : [];
  if (offsetHours > 23 || offsetMinutes > 59) throw new Error(`${zone} is not a time zone offset`);
  const ms = Date.parse(`${date}T${time}${fraction}${zone.toUpperCase()}`);
  if (Number.isNaN(ms)) throw new Error(EXPECTED);
  return ms;
}

const EXPECTED =
  "expected an RFC 3339 date-time with a time zone, such as 2026-11-24T10:00:00Z or 2026-11-24T11:00:00+01:00";
const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
