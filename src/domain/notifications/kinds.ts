/** What a notification can be about; the database's check constraint lists the same. */
export const NOTIFICATION_KINDS = ['follow', 'favorite', 'comment', 'mention', 'publication'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How a kind is mailed: never, at once (within a minute), or gathered in a daily or weekly digest. */
export const DELIVERIES = ['off', 'instant', 'daily', 'weekly'] as const;
export type Delivery = (typeof DELIVERIES)[number];
export type Cadence = 'daily' | 'weekly';

/**
 * Until a user chooses (docs/decisions/0033): what someone says to or about
 * you arrives at once; who followed you, daily; favorites and new articles by
 * authors you follow, the more frequent they are, weekly.
 */
export const DEFAULT_DELIVERY: Readonly<Record<NotificationKind, Delivery>> = {
  comment: 'instant',
  mention: 'instant',
  follow: 'daily',
  favorite: 'weekly',
  publication: 'weekly',
};

/** How the settings page and the mails name each kind. */
export const KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  follow: 'New followers',
  favorite: 'Favorites of your articles',
  comment: 'Comments on your articles',
  mention: 'Mentions of you in comments',
  publication: 'New articles by authors you follow',
};

export const isKind = (value: unknown): value is NotificationKind => (NOTIFICATION_KINDS as readonly unknown[]).includes(value);
export const isDelivery = (value: unknown): value is Delivery => (DELIVERIES as readonly unknown[]).includes(value);
