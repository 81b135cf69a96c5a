// Preloaded into the notifications benchmark's "on" server with --queue-only (NODE_OPTIONS=--import <this file>,
// set by bench/notifications-http.ts): the same build, whose requests queue their notifications as always but
// which never writes them out, so the requests' own cost is timed alone. Nothing in the app reads an
// environment variable for this, so production cannot hold them by accident.
const { holdWritingOut } = await import('../dist/domain/notifications/notification-queue.js');
holdWritingOut(true);
