export const PAGE_SIZE = 10;

/** Far past any real last page; keeps the SQL offset a safe integer. */
const MAX_PAGE = 1_000_000;

/**
 * ?page=N as a 1-based page number: anything that is not a positive whole
 * number is page 1; a huge number is simply past the end (an empty page).
 */
export function pageNumber(raw: unknown): number {
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return 1;
  return Math.min(MAX_PAGE, Math.max(1, Number(raw)));
}

export interface Pagination {
  current: number;
  /** Page numbers to link, in order; a 0 marks a gap. */
  pages: number[];
}

/** All pages when there are few; otherwise the first, the last, and a window around the current one. */
export function paginate(total: number, current: number, pageSize = PAGE_SIZE): Pagination | undefined {
  const last = Math.ceil(total / pageSize);
  if (last <= 1) return undefined;
  if (last <= 10) return { current, pages: Array.from({ length: last }, (_, i) => i + 1) };
  const wanted = new Set([1, 2, last - 1, last, current - 2, current - 1, current, current + 1, current + 2]);
  const sorted = [...wanted].filter((p) => p >= 1 && p <= last).sort((a, b) => a - b);
  const pages: number[] = [];
  for (const p of sorted) {
    const previous = pages[pages.length - 1];
    if (previous !== undefined && p - previous > 1) pages.push(0);
    pages.push(p);
  }
  return { current, pages };
}
