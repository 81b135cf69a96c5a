const BASE = 'http://conduit.invalid';

// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
const CONTROL = /[\u0000-\u001f\u007f]/;

/** True when a path starts like `//host` or `/\\host`, which browsers read as another origin. */
const schemeRelative = (path: string) => path.startsWith('//') || path.startsWith('/\\');

/**
 * A same-site path (with its query) for redirects, or `fallback`. Rejects
 * absolute URLs, scheme-relative `//host`, backslash tricks and control
 * characters, also when percent-encoded (`/%0d%0a…`, `/%2f%2fhost`): anything
 * a browser or a proxy on the way could resolve to another origin or a new header.
 */
export function safePath(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2000) return fallback;
  if (!target.startsWith('/') || schemeRelative(target)) return fallback;
  if (CONTROL.test(target) || target.includes('\\')) return fallback;
  try {
    const url = new URL(target, BASE);
    if (url.origin !== BASE) return fallback;
    const path = url.pathname + url.search;
    const decoded = decodeURIComponent(path);
    if (CONTROL.test(decoded) || schemeRelative(decoded)) return fallback;
    return path;
  } catch {
    return fallback; // malformed URL or percent-encoding
  }
}

/** The path of a same-site Referer header, or `fallback`. */
export function refererPath(referer: string | undefined, host: string | undefined, fallback = '/'): string {
  if (!referer || !host) return fallback;
  try {
    const url = new URL(referer);
    if (url.host !== host) return fallback;
    return safePath(url.pathname + url.search, fallback);
  } catch {
    return fallback;
  }
}
