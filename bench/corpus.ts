import type { Random } from './prng.js';

// Text pools for the benchmark data set: realistic Markdown (headings, lists,
// code, quotes, links) so rendering and sanitising cost what real posts cost.

export const TAG_NAMES = [
  'javascript', 'typescript', 'nodejs', 'sqlite', 'performance', 'webdev', 'css', 'react', 'databases', 'security',
  'devops', 'rust', 'golang', 'python', 'architecture', 'career', 'opensource', 'tutorial', 'beginners', 'productivity',
  'linux', 'docker', 'kubernetes', 'cloud', 'accessibility', 'design', 'frontend', 'backend', 'graphql', 'rest',
  'caching', 'observability', 'refactoring', 'algorithms', 'datastructures', 'compilers', 'networking', 'privacy', 'startups', 'writing',
  'mobile', 'android', 'ios', 'gamedev', 'machinelearning', 'statistics', 'functional', 'concurrency', 'embedded', 'retrospective',
];

const TITLE_OPENERS = [
  'How we', 'Why I', 'What I learned when we', 'Lessons from the time we', 'A practical guide: how to', 'Stop trying to',
  'Ten years in: how to', 'The quiet art of trying to', 'Notes on how to', 'A field report: we',
];
const TITLE_VERBS = ['scaled', 'rewrote', 'debugged', 'tamed', 'measured', 'shipped', 'simplified', 'migrated', 'profiled', 'documented'];
const TITLE_OBJECTS = [
  'our SQLite cache', 'a legacy billing service', 'the build pipeline', 'flaky end-to-end tests', 'a memory leak in Node',
  'the search index', 'our GraphQL gateway', 'a 3 AM pager alert', 'the onboarding flow', 'cold starts on Lambda',
  'a monorepo with 400 packages', 'our design system', 'the notification queue', 'an N+1 query', 'a slow CSS bundle',
];
const TITLE_ENDINGS = ['', ' (and what broke)', ' in a weekend', ' without a rewrite', ': part 2', ' with less code', ' for good'];

const DESCRIPTIONS = [
  'A long look at the trade-offs, with numbers.',
  'What went wrong, what went right, and what we would do differently.',
  'Short version: measure first, then change one thing at a time.',
  'A step-by-step walkthrough with the code we ended up keeping.',
  'Everything I wish someone had told me before I started.',
  'Benchmarks, dead ends and the boring fix that finally worked.',
  'Notes from a team of four shipping to a few million users.',
  'Opinions, loosely held, about a problem that will not go away.',
];

const PARAGRAPHS = [
  'When we first looked at the numbers, the slowest endpoint was not the one anybody expected. Everyone had a favourite suspect, but the profiler had other ideas: most of the time went into serialising the same objects over and over again.',
  'The fix was almost embarrassingly small. We moved the expensive work out of the request path, kept a tiny cache keyed by version, and made sure every write invalidated exactly the entries it touched. Latency at the 99th percentile dropped by an order of magnitude.',
  'It is tempting to reach for a new tool whenever something feels slow. Resist it for a week. Write down what you think is happening, then prove yourself wrong with a measurement. Most of the time the answer is already in your logs.',
  'There is a difference between code that is fast and code that stays fast. The second kind has tests that fail when someone adds a query inside a loop, and a benchmark that runs often enough that regressions are caught within days, not quarters.',
  'We kept the old implementation running side by side for two weeks, comparing outputs on every request. That shadow traffic caught three edge cases that none of our unit tests covered, including one that only happened on the last day of a leap year.',
  'Good error messages are a feature. When a user sees "something went wrong", they leave. When they see which field is wrong and why, they fix it and carry on. It costs an afternoon to get right and pays back every single day.',
  'Our first attempt used a background worker with a retry queue. It worked beautifully in staging and fell over in production, because production had ten thousand times more rows and the queue had no back-pressure at all.',
  'Indexes are not free. Every one of them makes writes slower and the database larger. But the right index, on the columns your hottest query filters and sorts by, turns a full table scan into a handful of page reads.',
  'Pagination with OFFSET looks innocent until somebody asks for page five hundred. The database still has to walk past every row before it, so the deeper you go, the slower it gets. Keyset pagination avoids that by remembering where the last page ended.',
  'Accessibility is not a checklist you run at the end. Labels, focus order and colour contrast are cheap when you design for them and expensive when you bolt them on. Screen reader users noticed the difference within a day of the release.',
  'We wrote the migration in three steps: add the new column, backfill it in small batches, then switch the reads. Each step could be rolled back on its own, and none of them held a lock for more than a few milliseconds.',
  'The team agreed on one rule: no change to the hot path without a number before and a number after. It slowed us down for a month and sped us up for the rest of the year.',
  'Caching is easy; invalidation is where the bugs live. We ended up with a single version counter per table, bumped inside the same transaction as the write, so a reader could never see a cache entry newer than the data behind it.',
  'Most outages we had last year started with a configuration change, not a code change. Treating configuration as code, with review and a rollout plan, removed a whole category of late-night surprises.',
  'Memory leaks in long-running Node processes rarely look like leaks at first. They look like a server that gets a little slower every day until someone restarts it. A heap snapshot taken an hour apart told us exactly which map kept growing.',
  'The benchmark runs on the same small machine every night. It is not meant to be realistic in absolute terms; it is meant to be comparable from one day to the next, so that a regression shows up as a step in the chart.',
  'Writing things down changed how we make decisions. A one-page record with the context, the options and the reason we picked one is enough. Six months later nobody has to guess why the code looks the way it does.',
  'We measured twice and were still wrong once. The second benchmark ran with a warm cache, the first one did not, and the difference was larger than the improvement we were trying to prove.',
  'For a read-heavy site, a single SQLite file on a fast disk goes a surprisingly long way. The trick is to keep transactions short, run the expensive work off the main thread and never ask the database the same question twice per request.',
  'Small pull requests get better reviews. A reviewer can hold two hundred lines in their head; two thousand lines get a quick scroll and an approval. We started splitting work by behaviour rather than by file, and review quality went up immediately.',
];

const HEADINGS = [
  '## Background', '## The problem', '## What we tried first', '## Measuring it', '## The fix', '## Results',
  '## What we would do differently', '## Trade-offs', '### A note on testing', '### Numbers', '## Further reading', '## Conclusion',
];

const LISTS = [
  '- Measure before you change anything.\n- Change one thing at a time.\n- Keep the benchmark in the repository.\n- Write down what you expected to see.',
  '1. Add the new column with a default.\n2. Backfill in batches of a thousand rows.\n3. Switch the reads.\n4. Drop the old column a release later.',
  '- **p50** tells you what most users feel.\n- **p99** tells you what your unhappiest users feel.\n- **Throughput** tells you when you will need a bigger machine.',
  '* Keep transactions short\n* Prepare statements once\n* Batch lookups for a whole page\n* Never query inside a loop',
  '- [x] Reproduce the bug locally\n- [x] Write a failing test\n- [ ] Fix it\n- [ ] Write the post-mortem',
  '1. Read the error message, all of it.\n2. Read the stack trace from the bottom.\n3. Check what changed since it last worked.',
];

const CODE_BLOCKS = [
  "```ts\nexport function chunk<T>(items: T[], size: number): T[][] {\n  const out: T[][] = [];\n  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));\n  return out;\n}\n```",
  '```sql\nSELECT a.id, a.title, a.created_at\nFROM articles a\nWHERE a.author_id IN (SELECT followee_id FROM follows WHERE follower_id = ?)\nORDER BY a.created_at DESC, a.id DESC\nLIMIT 10;\n```',
  "```js\nconst cache = new Map();\nexport async function cached(key, load) {\n  if (!cache.has(key)) cache.set(key, load());\n  return cache.get(key);\n}\n```",
  '```bash\n$ autocannon -c 50 -d 10 http://localhost:8080/\nRunning 10s test @ http://localhost:8080/\n50 connections\n```',
  '```python\ndef percentile(values, p):\n    ordered = sorted(values)\n    k = round((len(ordered) - 1) * p)\n    return ordered[k]\n```',
  '```go\nfunc retry(n int, f func() error) (err error) {\n\tfor i := 0; i < n; i++ {\n\t\tif err = f(); err == nil {\n\t\t\treturn nil\n\t\t}\n\t}\n\treturn err\n}\n```',
  '```json\n{\n  "connections": 50,\n  "duration": 10,\n  "pipelining": 1\n}\n```',
];

const QUOTES = [
  '> Premature optimization is the root of all evil, yet we should not pass up our opportunities in that critical 3%.\n> — Donald Knuth',
  '> Make it work, make it right, make it fast.\n> — Kent Beck',
  '> The first rule of distributed systems is: do not distribute your system until you have an observable reason to.',
];

const LINKS = [
  'See the [SQLite query planner documentation](https://www.sqlite.org/queryplanner.html) for the details of how indexes are chosen.',
  'The [RealWorld project](https://github.com/gothinkster/realworld) has a list of other implementations worth comparing against.',
  'We used [autocannon](https://github.com/mcollina/autocannon) for load and `EXPLAIN QUERY PLAN` for everything else.',
];

const COMMENT_SENTENCES = [
  'Great write-up, thanks for sharing the numbers.',
  'We hit exactly the same issue last month.',
  'Did you try keyset pagination instead of OFFSET?',
  'How did this behave under write-heavy load?',
  'I would love to see the benchmark script.',
  'This matches what we saw in production.',
  'Not sure I agree about the caching part, but the rest is spot on.',
  'The migration plan is really clear, bookmarking this.',
  'Which version of SQLite were you on?',
  'Thanks! The section on p99 finally made it click for me.',
  'We ended up doing the same thing with a version counter.',
  'Any plans for a follow-up post?',
];

export const BIOS = [
  'Backend engineer. Databases, queues and the occasional bug hunt.',
  'I write about front-end performance and accessibility.',
  'Building small tools for big teams.',
  'Former sysadmin, now mostly writing TypeScript.',
  'Open source maintainer. Opinions are my own.',
  'Learning in public, one post at a time.',
];

export function title(random: Random): string {
  return `${random.pick(TITLE_OPENERS)} ${random.pick(TITLE_VERBS)} ${random.pick(TITLE_OBJECTS)}${random.pick(TITLE_ENDINGS)}`;
}

export function description(random: Random): string {
  return random.pick(DESCRIPTIONS);
}

/** A Markdown body of `min`..`max` characters: an opening paragraph, then mixed blocks. */
export function markdownBody(random: Random, min = 1000, max = 5000): string {
  const target = random.int(min, max);
  const blocks: string[] = [random.pick(PARAGRAPHS)];
  let length = blocks[0]!.length;
  for (let guard = 0; length < target && guard < 100; guard++) {
    const roll = random.next();
    const block =
      roll < 0.45 ? random.pick(PARAGRAPHS)
      : roll < 0.6 ? random.pick(HEADINGS)
      : roll < 0.72 ? random.pick(LISTS)
      : roll < 0.85 ? random.pick(CODE_BLOCKS)
      : roll < 0.92 ? random.pick(QUOTES)
      : random.pick(LINKS);
    if (length + block.length + 2 > max) {
      if (length >= min) break;
      continue; // too long to fit: try a shorter block
    }
    blocks.push(block);
    length += block.length + 2;
  }
  // Pad a short body with a sentence at a time so it always reaches `min`.
  let body = blocks.join('\n\n');
  while (body.length < min) body += `\n\n${random.pick(COMMENT_SENTENCES)}`;
  return body;
}

export function commentBody(random: Random): string {
  const sentences = random.int(1, 4);
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) parts.push(random.pick(COMMENT_SENTENCES));
  return parts.join(' ');
}

/**
 * The words the generated articles are written with (titles, descriptions and
 * body blocks), most frequent first, with how often each occurs in these
 * pools: what the search scenario draws its queries from.
 */
export function corpusWords(): Array<{ word: string; count: number }> {
  const text = [TITLE_OPENERS, TITLE_VERBS, TITLE_OBJECTS, DESCRIPTIONS, PARAGRAPHS, HEADINGS, LISTS, QUOTES, LINKS].flat().join(' ');
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/\p{L}[\p{L}\p{N}]*/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return [...counts].map(([word, count]) => ({ word, count })).sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : 1));
}
