import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import type { Mailer } from '../mail.js';
import type { DeliverySettings } from './delivery-settings.js';
import { DEFAULT_DELIVERY, isKind, type NotificationKind } from './kinds.js';
import { unsubscribePath, type MailTopic } from './unsubscribe-links.js';
import { SITE_NAME } from '../accounts/password-rules.js';
import { actorColumns, notifiedActor, type ActorRow, type NotifiedActor } from './notified-actor.js';

/** What the mail jobs need besides the database: where mail goes, the site's address, the signing secret. */
export interface NotificationMailDeps {
  db: Db;
  mailer: Mailer;
  /** The site's origin for links (PUBLIC_URL); without one no notification mail is sent (docs/decisions/0033). */
  siteUrl: string | null;
  secret: string;
}

/** One notification as a mail shows it. */
export interface MailedNotification {
  id: number;
  recipientId: number;
  kind: NotificationKind;
  actor: NotifiedActor;
  article: { slug: string; title: string } | null;
  createdAt: number;
}

/** The columns every mail reads, with who did it and about which article. */
export function mailedNotifications(db: Db) {
  const { notifications: n, users, remoteActors, articles } = db.t;
  return db
    .select({
      id: n.id,
      recipientId: n.recipientId,
      kind: n.kind,
      ...actorColumns(db),
      slug: articles.slug,
      title: articles.title,
      createdAt: n.createdAt,
      readAt: n.readAt,
    })
    .from(n)
    .leftJoin(users, eq(users.id, n.actorId))
    .leftJoin(remoteActors, eq(remoteActors.id, n.remoteActorId))
    .leftJoin(articles, eq(articles.id, n.articleId))
    .$dynamic();
}

export const toMailed = (row: { id: number; recipientId: number; kind: NotificationKind; slug: string | null; title: string | null; createdAt: number } & ActorRow): MailedNotification => ({
  id: row.id,
  recipientId: row.recipientId,
  kind: row.kind,
  actor: notifiedActor(row),
  article: row.slug !== null && row.title !== null ? { slug: row.slug, title: row.title } : null,
  createdAt: row.createdAt,
});

const VERBS: Record<NotificationKind, string> = {
  follow: 'followed you',
  favorite: 'favorited',
  comment: 'commented on',
  mention: 'mentioned you in a comment on',
  publication: 'published',
};

/** A line of a mail: what happened, and the page it links to. */
export function mailLine(siteUrl: string, n: MailedNotification): { text: string; url: string } {
  const who = n.actor.name;
  const text = n.article ? `${who} ${VERBS[n.kind]} "${n.article.title}"` : `${who} ${VERBS[n.kind]}`;
  const profile = n.actor.username !== null ? `${siteUrl}/profile/${encodeURIComponent(n.actor.username)}` : (n.actor.remoteUrl ?? siteUrl);
  const url = n.article ? `${siteUrl}/article/${encodeURIComponent(n.article.slug)}` : profile;
  return { text, url };
}

/** Who may still get mail: the accounts among `ids` that exist and are not suspended at `now`, with their address and name. */
export async function mailableRecipients(db: Db, ids: readonly number[], now: number): Promise<Map<number, { email: string; username: string }>> {
  if (ids.length === 0) return new Map();
  const { users } = db.t;
  const found = await db
    .select({ id: users.id, email: users.email, username: users.username })
    .from(users)
    .where(and(inArray(users.id, [...new Set(ids)]), sql`(${users.suspendedAt} IS NULL OR (${users.suspendedUntil} IS NOT NULL AND ${users.suspendedUntil} <= ${now}))`));
  return new Map(found.map((u) => [u.id, { email: u.email, username: u.username }]));
}

/** Each recipient's settings, the defaults where they chose nothing: one statement for the batch. */
export async function settingsOf(db: Db, ids: Iterable<number>): Promise<Map<number, DeliverySettings>> {
  const wanted = [...new Set(ids)];
  const settings = new Map<number, DeliverySettings>(wanted.map((id) => [id, { ...DEFAULT_DELIVERY }]));
  if (wanted.length === 0) return settings;
  const { notificationSettings: s } = db.t;
  for (const row of await db.select().from(s).where(inArray(s.userId, wanted))) {
    const mine = settings.get(row.userId);
    if (mine && isKind(row.kind)) mine[row.kind] = row.delivery;
  }
  return settings;
}

/** Hands one mail about `notifications` to the mailer, with its one-click unsubscribe link. */
export function sendNotificationMail(
  deps: NotificationMailDeps & { siteUrl: string },
  recipient: { id: number; email: string; username: string },
  notifications: MailedNotification[],
  mail: { topic: MailTopic; topicLabel: string; subject?: string },
): void {
  const unsubscribeUrl = deps.siteUrl + unsubscribePath(deps.secret, recipient.id, mail.topic);
  const lines = notifications.map((n) => mailLine(deps.siteUrl, n));
  deps.mailer.send({
    to: recipient.email,
    template: 'notifications',
    unsubscribeUrl,
    // One thing says itself; more are counted.
    subject: mail.subject ?? (lines.length === 1 ? lines[0]!.text : `${lines.length} new notifications on ${SITE_NAME}`),
    data: { username: recipient.username, lines, topic: mail.topicLabel },
  });
}
