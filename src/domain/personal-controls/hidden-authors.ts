import { and, count, eq, inArray, notInArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { preparedFor } from '../../db/prepared.js';
import { memoFor } from '../../cache/memo.js';
import { scope } from '../../cache/scopes.js';

/** What a user can do about another: `block` keeps them away, `mute` keeps them out of sight. */
export type ControlKind = 'block' | 'mute';

/**
 * Whom a reader no longer sees, by place (docs/decisions/0025): their lists
 * (Your Feed, the global list, tag lists) leave out whom they mute; comments
 * leave out whom they block or mute.
 */
const HIDDEN_IN = { lists: ['mute'], comments: ['block', 'mute'] } as const satisfies Record<string, readonly ControlKind[]>;
export type HidingPlace = keyof typeof HIDDEN_IN;

const statements = preparedFor((db) => {
  const { userControls } = db.t;
  return {
    counts: db
      .select({ kind: userControls.kind, n: count() })
      .from(userControls)
      .where(eq(userControls.ownerId, sql.placeholder('owner')))
      .groupBy(userControls.kind)
      .prepare(),
  };
});

type Counts = Record<ControlKind, number>;
const countsMemo = memoFor<Counts>({ name: 'control-counts', maxBytes: 512 * 1024, weigh: () => 60 });

/** How many people `viewerId` blocks and mutes, kept until they block, mute or undo one. */
function countsOf(db: Db, viewerId: number): Promise<Counts> {
  return countsMemo(db).get(String(viewerId), async () => {
    const counts: Counts = { block: 0, mute: 0 };
    for (const { kind, n } of await statements(db).counts.execute({ owner: viewerId })) counts[kind as ControlKind] = n;
    return { value: counts, deps: [scope.controls(viewerId)] };
  });
}

/** How one reader's own copy of a list or comment page is kept: beside the shared one, under its own key, retired by their controls. */
export interface Hiding {
  viewerId: number;
  /** Appended to the shared page's cache key. */
  key: string;
  /** Added to the shared page's scopes. */
  deps: string[];
}

/**
 * The one filter both faces go through: how `viewerId` sees `place`.
 * Undefined when they hide nobody there (signed-out readers, and nearly
 * everyone else): they get the pages everyone shares, so the public caches
 * are untouched. Otherwise their pages are built with `notHiddenBy` and kept
 * per reader, retired by a stamp on their controls, in every process.
 */
export async function hidingFor(db: Db, viewerId: number | undefined, place: HidingPlace): Promise<Hiding | undefined> {
  if (viewerId === undefined) return undefined;
  const counts = await countsOf(db, viewerId);
  if (!HIDDEN_IN[place].some((kind) => counts[kind] > 0)) return undefined;
  return { viewerId, key: `~hides:${viewerId}`, deps: [scope.controls(viewerId)] };
}

/** SQL: `author` is nobody the reader bound to `viewer` hides in `place`. For the statements of a `Hiding` page. */
export function notHiddenBy(db: Db, author: AnyColumn, viewer: ReturnType<typeof sql.placeholder>, place: HidingPlace): SQL {
  const { userControls } = db.t;
  const hidden = db
    .select({ id: userControls.targetId })
    .from(userControls)
    .where(and(eq(userControls.ownerId, viewer), inArray(userControls.kind, [...HIDDEN_IN[place]])));
  return notInArray(author, hidden);
}

