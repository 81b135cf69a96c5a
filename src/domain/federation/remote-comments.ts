import { and, asc, count, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { write } from '../../db/write-transaction.js';
import { read } from '../../cache/read-tracking.js';
import { scope } from '../../cache/scopes.js';
import type { Writer } from '../clock.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { authorize, isModerator, type Acting } from '../moderation/permissions.js';
import { assertMayWrite } from '../moderation/suspension.js';
import { mentionedIdsOf, notifyOfRemoteReply } from '../notifications/remote-reply-notices.js';
import { webUrl } from './remote-actors.js';

// Replies from the fediverse, shown under the article as comments from their
// remote author (docs/decisions/0047). A reply waits, seen only by the
// article's author and moderators, until one of them approves it; approving
// one approves its account for the author's later replies. The HTML is kept
// as sent (bounded) and sanitised each time it is shown, as our own
// Markdown's output is (src/web/markdown.ts).

/** Longer replies are refused: Mastodon's own limit is 500 characters of text. */
export const MAX_REPLY_HTML = 20_000;

export interface RemoteComment {
  id: number;
  /** Remote HTML, unsanitised: show it only through the sanitiser. */
  content: string;
  /** The Note's own page: an http(s) URL or none. */
  url: string | null;
  createdAt: number;
  updatedAt: number;
  approved: boolean;
  author: { handle: string; name: string | null; avatarUrl: string | null; profileUrl: string | null; uri: string };
}

export interface ReceivedReply {
  articleId: number;
  articleAuthorId: number;
  actorId: number;
  noteUri: string;
  content: string;
  url: string | null;
  /** The local users its Mention tags name: notified when it is shown. */
  mentionedUserIds: readonly number[];
}

/**
 * Stores a reply, approved at once when the article's author approved its
 * account before. The same Note twice is one reply. Returns whether it was
 * new and whether it is shown; undefined when refused (too long).
 */
export async function receiveRemoteReply({ db, now }: Writer, reply: ReceivedReply): Promise<{ id: number; shown: boolean } | undefined> {
  if (reply.content.length > MAX_REPLY_HTML) return undefined;
  return write(db, async (tx) => {
    const { remoteComments, remoteApprovals } = tx.t;
    const [approval] = await tx
      .select({ userId: remoteApprovals.userId })
      .from(remoteApprovals)
      .where(and(eq(remoteApprovals.userId, reply.articleAuthorId), eq(remoteApprovals.actorId, reply.actorId)))
      .limit(1);
    const at = now();
    const [row] = await tx
      .insert(remoteComments)
      .values({
        articleId: reply.articleId,
        actorId: reply.actorId,
        noteUri: reply.noteUri,
        content: reply.content,
        url: webUrl(reply.url),
        approvedAt: approval ? at : null,
        mentionedUserIds: JSON.stringify(reply.mentionedUserIds),
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: remoteComments.id });
    if (!row) return undefined;
    const shown = approval !== undefined;
    if (shown) await notifyOfRemoteReply(tx, { remoteCommentId: row.id, remoteActorId: reply.actorId, articleId: reply.articleId, articleAuthorId: reply.articleAuthorId, mentionedUserIds: reply.mentionedUserIds }, at);
    return { id: row.id, shown };
  });
}

/**
 * Update(Note): only its own author's edit counts; a reply that grew too long
 * keeps its text. Its mentions are those of the edit; a shown reply's newly
 * mentioned users are told, as on arrival (those named before already were:
 * the unique index adds nothing for them).
 */
export async function editRemoteReply({ db, now }: Writer, actorId: number, noteUri: string, content: string, mentionedUserIds: readonly number[] = []): Promise<void> {
  if (content.length > MAX_REPLY_HTML) return;
  await write(db, async (tx) => {
    const { remoteComments: c, articles } = tx.t;
    const at = now();
    const [edited] = await tx
      .update(c)
      .set({ content, updatedAt: at, mentionedUserIds: JSON.stringify(mentionedUserIds) })
      .where(and(eq(c.noteUri, noteUri), eq(c.actorId, actorId)))
      .returning({ id: c.id, articleId: c.articleId, approvedAt: c.approvedAt });
    if (!edited || edited.approvedAt === null || mentionedUserIds.length === 0) return;
    const [article] = await tx.select({ authorId: articles.authorId }).from(articles).where(eq(articles.id, edited.articleId)).limit(1);
    if (!article) return;
    await notifyOfRemoteReply(tx, { remoteCommentId: edited.id, remoteActorId: actorId, articleId: edited.articleId, articleAuthorId: article.authorId, mentionedUserIds }, at);
  });
}

/** Delete(Note) or a Tombstone: only by its own author. */
export async function deleteRemoteReply(db: Db, actorId: number, noteUri: string): Promise<void> {
  await write(db, async (tx) => {
    const { remoteComments: c } = tx.t;
    await tx.delete(c).where(and(eq(c.noteUri, noteUri), eq(c.actorId, actorId)));
  });
}

/** What a reply is read with: its own columns and its author's. */
function columns(db: Db) {
  const { remoteComments: c, remoteActors: a } = db.t;
  return {
    id: c.id,
    content: c.content,
    url: c.url,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    approvedAt: c.approvedAt,
    handle: a.handle,
    name: a.name,
    avatarUrl: a.avatarUrl,
    profileUrl: a.profileUrl,
    uri: a.uri,
  };
}

function select(db: Db) {
  const { remoteComments: c, remoteActors: a } = db.t;
  return db.select(columns(db)).from(c).innerJoin(a, eq(a.id, c.actorId));
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

const asComment = (r: Row): RemoteComment => ({
  id: r.id,
  content: r.content,
  url: r.url,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  approved: r.approvedAt !== null,
  author: { handle: r.handle, name: r.name, avatarUrl: r.avatarUrl, profileUrl: r.profileUrl, uri: r.uri },
});

/** The article's approved replies, oldest first, as everyone sees them. */
export async function shownRemoteComments(db: Db, articleId: number): Promise<RemoteComment[]> {
  read([scope.comments(articleId)]);
  const { remoteComments: c } = db.t;
  const rows = await select(db).where(and(eq(c.articleId, articleId), isNotNull(c.approvedAt))).orderBy(asc(c.createdAt), asc(c.id));
  return rows.map(asComment);
}

/** The replies waiting on the article, for its author and moderators alone (anyone else gets none). */
export async function pendingRemoteComments(db: Db, article: { id: number; authorId: number }, viewer: Acting | undefined): Promise<RemoteComment[]> {
  if (!viewer || (viewer.id !== article.authorId && !isModerator(viewer))) return [];
  const { remoteComments: c } = db.t;
  const rows = await select(db).where(and(eq(c.articleId, article.id), isNull(c.approvedAt))).orderBy(asc(c.createdAt), asc(c.id));
  return rows.map(asComment);
}

/** Waiting replies the moderation page lists a page, oldest first: those waiting longest. */
export const WAITING_LISTED = 50;

export interface WaitingRemoteComment extends RemoteComment {
  article: { slug: string; title: string };
}

/** Every article's waiting replies, oldest first, a window of them and how many wait in all, for moderators' /moderation. */
export async function waitingRemoteComments(
  db: Db,
  viewer: Acting,
  window: { limit: number; offset: number } = { limit: WAITING_LISTED, offset: 0 },
): Promise<{ replies: WaitingRemoteComment[]; total: number }> {
  authorize(viewer, 'read-queue');
  const { remoteComments: c, remoteActors: a, articles } = db.t;
  const rows = await db
    .select({ ...columns(db), slug: articles.slug, title: articles.title })
    .from(c)
    .innerJoin(a, eq(a.id, c.actorId))
    .innerJoin(articles, eq(articles.id, c.articleId))
    .where(isNull(c.approvedAt))
    .orderBy(asc(c.createdAt), asc(c.id))
    .limit(window.limit)
    .offset(window.offset);
  // Counted only past a full first page: on most sites nothing or a few wait.
  const total =
    window.offset === 0 && rows.length < window.limit
      ? rows.length
      : ((await db.select({ n: count() }).from(c).where(isNull(c.approvedAt)))[0]?.n ?? 0);
  return { replies: rows.map((r) => ({ ...asComment(r), article: { slug: r.slug, title: r.title } })), total: Number(total) };
}

/**
 * The reply and its article's author, when `viewer` may moderate it (the article's author or a
 * moderator). A suspended account may not: approving puts words on a page, as writing does.
 */
async function moderated(writer: Writer, viewer: Acting, commentId: number) {
  const { db } = writer;
  await assertMayWrite(writer, viewer.id);
  const { remoteComments: c, articles } = db.t;
  const [row] = await db
    .select({ id: c.id, actorId: c.actorId, articleId: c.articleId, articleAuthorId: articles.authorId, approvedAt: c.approvedAt, mentionedUserIds: c.mentionedUserIds })
    .from(c)
    .innerJoin(articles, eq(articles.id, c.articleId))
    .where(eq(c.id, commentId))
    .limit(1);
  if (!row) throw new NotFoundError('comment');
  if (row.articleAuthorId !== viewer.id && !isModerator(viewer)) throw new ForbiddenError('comment');
  return row;
}

/**
 * Shows the reply, and approves its account for the article author's later
 * replies; the author and those it mentions are notified. True when this
 * approval showed it (false when it was shown already).
 */
export async function approveRemoteComment(writer: Writer, viewer: Acting, commentId: number): Promise<boolean> {
  const { db, now } = writer;
  const row = await moderated(writer, viewer, commentId);
  return write(db, async (tx) => {
    const { remoteComments: c, remoteApprovals } = tx.t;
    const at = now();
    await tx.insert(remoteApprovals).values({ userId: row.articleAuthorId, actorId: row.actorId, createdAt: at }).onConflictDoNothing();
    const shown = await tx.update(c).set({ approvedAt: at }).where(and(eq(c.id, commentId), isNull(c.approvedAt))).returning({ id: c.id });
    if (shown.length === 0) return false;
    const mentionedUserIds = mentionedIdsOf(row.mentionedUserIds);
    await notifyOfRemoteReply(tx, { remoteCommentId: commentId, remoteActorId: row.actorId, articleId: row.articleId, articleAuthorId: row.articleAuthorId, mentionedUserIds }, at);
    return true;
  });
}

/** Removes the reply (its account stays as it was: not approved, unless approved before). */
export async function rejectRemoteComment(writer: Writer, viewer: Acting, commentId: number): Promise<void> {
  const { db } = writer;
  await moderated(writer, viewer, commentId);
  await write(db, async (tx) => {
    const { remoteComments: c } = tx.t;
    await tx.delete(c).where(eq(c.id, commentId));
  });
}
