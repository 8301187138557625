import { DAY_MS, EXPIRES_SOON_MS, HOUR_MS, MINUTE_MS } from "../time";

// Dates and counts as people read them: relative ("in 29 days", "3 hours ago") with the exact time
// in a title; "1 token", "3 tokens".
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * DAY_MS],
  ["month", 30 * DAY_MS],
  ["day", DAY_MS],
  ["hour", HOUR_MS],
  ["minute", MINUTE_MS],
];

export function relativeTime(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  }
  return diff >= 0 ? "in under a minute" : "just now";
}

/** A day as people read it, the one date format of the pages: "Jan 3, 2027". */
export function calendarDate(at: string | Date): string {
  return new Date(at).toLocaleDateString("en", { dateStyle: "medium" });
}

/** The moment `days` whole days from now. */
export function inDays(days: number, now = Date.now()): Date {
  return new Date(now + days * DAY_MS);
}

export function exactTime(iso: string): string {
  return new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}

export function expiresSoon(iso: string, now = Date.now()): boolean {
  const left = Date.parse(iso) - now;
  return left > 0 && left <= EXPIRES_SOON_MS;
}

/** A number of things as people write it: "1 token", "3 tokens". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\bOPR\//, "Opera"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/Chrom(e|ium)\/|\bCriOS\//, "Chrome"], // HeadlessChrome too
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
  [/^curl\//, "curl"],
  [/^node(-fetch)?\b|\bundici\b/i, "Node.js"],
  [/^python-/i, "Python"],
];
const SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, "Windows"],
  [/\b(iPhone|iPad|iPod)\b/, "iOS"],
  [/\bAndroid\b/, "Android"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/** "Chrome on Linux" from a User-Agent header, as people name their browsers; the header itself when unknown. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser or program";
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (!browser) return userAgent.length > 60 ? `${userAgent.slice(0, 57)}…` : userAgent;
  return system ? `${browser} on ${system}` : browser;
}

/** A schema's message ("must not be empty") as the sentence a page shows ("Must not be empty."). */
export function asSentence(message: string): string {
  const text = message.trim();
  if (!text) return text;
  return `${text[0]!.toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`;
}
