import type { Db } from '../db/database.js';
import type { JobKinds, ResolvedKind } from './kinds.js';
import { enqueue, kindsPending, type NewJob } from './queue.js';

// Recurring jobs: each occurrence is an ordinary job, keyed by its kind and
// time (`purge-counters@2026-12-06T11:00:00.000Z`), so any number of
// processes enqueueing the same occurrence make one row. Croner says when
// the occurrences are (src/jobs/kinds.ts); the claiming is the queue's.

/** The key of one occurrence of a recurring kind. */
export function occurrenceKey(name: string, at: number): string {
  return `${name}@${new Date(at).toISOString()}`;
}

/** The occurrence of `kind` that follows `after` (epoch ms), as a job to enqueue; undefined when the schedule has no more. */
export function nextOccurrence(kind: ResolvedKind, after: number): NewJob | undefined {
  const at = kind.nextOccurrence?.(after);
  return at === undefined ? undefined : { name: kind.name, runAt: at, key: occurrenceKey(kind.name, at) };
}

/**
 * Makes sure every recurring kind has an occurrence waiting (or running):
 * for each that has none, enqueues the next one after `now`. Reads first, so
 * it writes only when one is missing (at a first start, or after someone
 * deleted it). A finished occurrence enqueues its successor itself, in the
 * transaction that finishes it (src/jobs/runner.ts). Returns the jobs added.
 */
export async function ensureSchedules(db: Db, kinds: JobKinds, now: number): Promise<NewJob[]> {
  const recurring = [...kinds.values()].filter((kind) => kind.nextOccurrence);
  if (recurring.length === 0) return [];
  const pending = await kindsPending(
    db,
    recurring.map((kind) => kind.name),
  );
  const added: NewJob[] = [];
  for (const kind of recurring) {
    if (pending.has(kind.name)) continue;
    const next = nextOccurrence(kind, now);
    if (next && (await enqueue(db, next, now)).created) added.push(next);
  }
  return added;
}
