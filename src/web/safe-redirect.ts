const BASE = 'http://conduit.invalid';

/**
 * A same-site path (with its query) for redirects, or `fallback`. Rejects
 * absolute URLs, scheme-relative `//host`, backslash tricks and control
 * characters: anything the browser could resolve to another origin.
 */
export function safePath(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2000) return fallback;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback;
  try {
    const url = new URL(target, BASE);
    if (url.origin !== BASE) return fallback;
    return url.pathname + url.search;
  } catch {
    return fallback;
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
