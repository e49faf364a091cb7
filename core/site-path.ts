// The page to go to after signing in: `next` when it is a path of this very site, else the map. A
// browser drops tabs and line breaks from a URL and reads a backslash as a slash, so `/\t/evil` and
// `/\evil` are `//evil`, another site: anything holding those, or not starting with exactly one
// slash, goes to the map. Used by the sign-in page and the single sign-on callback alike.
const BASE = 'http://site.invalid';

export function sitePath(next: string | null | undefined): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u0020\u007f]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  return url.origin === BASE ? `${url.pathname}${url.search}${url.hash}` : '/';
}
