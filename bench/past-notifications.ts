// The notifications a site that always had them would hold, added to a copy of a bench data set (SQLite):
// one for every favorite and comment by someone other than the author, a third unread, so a new one's
// index entries land on pages as scattered as in production, not on a few. Used by
// bench/notifications-http.ts (--with-notifications) and bench/notification-write-floor.ts.
import Database from 'better-sqlite3';
import { openSqlite } from '../src/db/sqlite.js';

/** Adds them to the SQLite file at `path` (migrated to this version's schema first); returns how many it then holds. */
export async function addPastNotifications(path: string): Promise<number> {
  await openSqlite(path).close();
  const db = new Database(path);
  try {
    db.exec(`INSERT INTO notifications (recipient_id, kind, actor_id, article_id, comment_id, created_at, read_at)
      SELECT a.author_id, 'favorite', f.user_id, f.article_id, NULL, a.created_at, CASE WHEN f.rowid % 3 = 0 THEN NULL ELSE a.created_at END
      FROM favorites f JOIN articles a ON a.id = f.article_id WHERE f.user_id <> a.author_id ORDER BY f.rowid
      ON CONFLICT DO NOTHING`);
    db.exec(`INSERT INTO notifications (recipient_id, kind, actor_id, article_id, comment_id, created_at, read_at)
      SELECT a.author_id, 'comment', c.author_id, c.article_id, c.id, c.created_at, CASE WHEN c.id % 3 = 0 THEN NULL ELSE c.created_at END
      FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.author_id <> a.author_id ORDER BY c.id
      ON CONFLICT DO NOTHING`);
    // As the generator leaves it: no stamps yet, statistics fresh.
    db.exec('DELETE FROM cache_versions; ANALYZE');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return db.prepare('SELECT count(*) FROM notifications').pluck().get() as number;
  } finally {
    db.close();
  }
}
