import type { Db } from '../../db/database.js';

/** Who did what a notification says: a user of ours, or a fediverse account (docs/decisions/0056). */
export interface NotifiedActor {
  /** How pages and mails name them: the username, or a remote account's handle (with its name when it gives one). */
  name: string;
  /** The local user's username (their profile is ours), or null for a remote account. */
  username: string | null;
  /** A remote account's own page (an http(s) URL), or null. */
  remoteUrl: string | null;
}

/** The columns `notifiedActor` reads, for a query that left-joins users and remote_actors on the notification's two actor columns. */
export function actorColumns(db: Db) {
  const { users, remoteActors } = db.t;
  return { username: users.username, remoteHandle: remoteActors.handle, remoteName: remoteActors.name, remoteProfileUrl: remoteActors.profileUrl, remoteUri: remoteActors.uri };
}

export interface ActorRow {
  username: string | null;
  remoteHandle: string | null;
  remoteName: string | null;
  remoteProfileUrl: string | null;
  remoteUri: string | null;
}

export function notifiedActor(row: ActorRow): NotifiedActor {
  if (row.username !== null) return { name: row.username, username: row.username, remoteUrl: null };
  // The handle always: a remote name alone could pass for one of our users'.
  const handle = row.remoteHandle ?? 'a fediverse account';
  const name = row.remoteName !== null && row.remoteName !== '' ? `${row.remoteName} (${handle})` : handle;
  const url = row.remoteProfileUrl ?? (row.remoteUri !== null && /^https?:\/\//.test(row.remoteUri) ? row.remoteUri : null);
  return { name, username: null, remoteUrl: url };
}
