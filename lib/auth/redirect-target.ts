/**
 * Where to send a browser after sign-in (or any other step that takes a caller-supplied target):
 * the target parsed against APP_URL, kept only when it lands on APP_URL's origin. Parsing, not
 * prefix checks, is what browsers do: `/\evil.example` and `/\t/evil.example` are other hosts.
 * Returns a path with one leading slash (so `/.//evil` cannot become `//evil`), or "/".
 */
export function sameOriginPath(target: unknown, appUrl: string): string {
  if (typeof target !== "string" || !target) return "/";
  let url: URL;
  try {
    url = new URL(target, appUrl);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(appUrl).origin) return "/";
  return `/${url.pathname.replace(/^\/+/, "")}${url.search}${url.hash}`;
}
