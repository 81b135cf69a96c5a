import { randomBytes } from 'node:crypto';

/** "Hello, Wörld!" → "hello-world": lowercase ASCII words joined by hyphens. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'article';
}

/** A short random suffix for a title that is already taken. */
export function withSuffix(slug: string): string {
  return `${slug}-${randomBytes(4).toString('hex').slice(0, 6)}`;
}
