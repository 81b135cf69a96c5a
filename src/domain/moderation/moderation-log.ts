import { and, count, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { parseInput } from '../validation.js';
import { authorize, type Acting } from './permissions.js';

/** Who did it: a user, or the operator at the command line (`npm run admin`). */
export interface Actor {
  id: number | null;
  name: string;
}

export const COMMAND_LINE: Actor = { id: null, name: 'command line' };

export const actorOf = (user: Acting): Actor => ({ id: user.id, name: user.username });

export type LogAction =
  | 'grant'
  | 'revoke'
  | 'hide'
  | 'unhide'
  | 'suspend'
  | 'unsuspend'
  | 'dismiss'
  | 'delete-account'
  | 'end-sign-ins'
  | 'block-domain'
  | 'unblock-domain';

export type TargetType = 'article' | 'comment' | 'user';
/** What the log names: a target of reports, or a remote server's domain (its id: the domain_blocks row's). */
export type LoggedTargetType = TargetType | 'domain';

export interface Target {
  type: TargetType;
  id: number;
  /** What a reader recognises it by: a slug, a username, "comment 7 on <slug>". */
  label: string;
}

/** What an entry names: a target, or a blocked domain. */
export type LoggedTarget = Omit<Target, 'type'> & { type: LoggedTargetType };

export interface LogEntry {
  id: number;
  actor: string;
  action: LogAction;
  target: LoggedTarget;
  note: string;
  createdAt: number;
}

export const NOTE_MAX = 1000;

/** A moderator's or admin's note on an action: optional, trimmed, bounded. */
export const noteSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .max(NOTE_MAX, `is too long (maximum is ${NOTE_MAX} characters)`)
  .optional()
  .transform((v) => v ?? '');

/** What a moderator sends with an action: an optional note (the reason the author is shown). */
const actionInput = z.object({ note: noteSchema }, { error: 'must be an object' });

export const moderationNote = (input: unknown): string => parseInput(actionInput, input ?? {}).note;

/** Writes one entry, inside the transaction of the action it records. */
export async function logAction(tx: Db, entry: { actor: Actor; action: LogAction; target: LoggedTarget; note: string }, now: number): Promise<void> {
  const { moderationLog } = tx.t;
  await tx.insert(moderationLog).values({
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    targetLabel: entry.target.label,
    note: entry.note,
    createdAt: now,
  });
}

function columns(db: Db) {
  const { moderationLog: l } = db.t;
  return { id: l.id, actor: l.actorName, action: l.action, type: l.targetType, targetId: l.targetId, label: l.targetLabel, note: l.note, createdAt: l.createdAt };
}

type Row = { id: number; actor: string; action: string; type: string; targetId: number; label: string; note: string; createdAt: number };

const toEntry = (r: Row): LogEntry => ({
  id: r.id,
  actor: r.actor,
  action: r.action as LogAction,
  target: { type: r.type as LoggedTargetType, id: r.targetId, label: r.label },
  note: r.note,
  createdAt: r.createdAt,
});

/** The log, newest first, for moderators and admins. */
export async function readLog(db: Db, viewer: Acting, window: { limit: number; offset: number }): Promise<{ entries: LogEntry[]; total: number }> {
  authorize(viewer, 'read-log');
  const { moderationLog: l } = db.t;
  const rows = await db.select(columns(db)).from(l).orderBy(desc(l.createdAt), desc(l.id)).limit(window.limit).offset(window.offset);
  const [total] = await db.select({ n: count() }).from(l);
  return { entries: rows.map(toEntry), total: total?.n ?? 0 };
}

/** What was done to one target so far, newest first (the queue shows it beside the reports). */
export async function logOf(db: Db, type: TargetType, id: number): Promise<LogEntry[]> {
  const { moderationLog: l } = db.t;
  const rows = await db
    .select(columns(db))
    .from(l)
    .where(and(eq(l.targetType, type), eq(l.targetId, id)))
    .orderBy(desc(l.createdAt), desc(l.id))
    .limit(50);
  return rows.map(toEntry);
}
