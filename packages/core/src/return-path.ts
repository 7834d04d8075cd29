/**
 * A same-origin path of the web app to return to after signing in, or undefined for anything
 * that could leave the site: not starting with one `/` (`//host` is another host), a backslash or
 * a control character anywhere (browsers read `/\host` and `/<tab>/host` as `//host`), or the API.
 */
export function safeReturnPath(raw: string | null | undefined): string | undefined {
  if (!raw?.startsWith("/") || raw.startsWith("//") || raw.startsWith("/api/")) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(raw) || raw.length > 2048) return undefined;
  return raw;
}
