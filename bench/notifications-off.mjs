// Preloaded into the notifications benchmark's "off" server only (NODE_OPTIONS=--import <this file>,
// set by bench/notifications-http.ts): the same build, with notification writes turned off. Nothing
// in the app reads an environment variable for this, so production cannot turn them off by accident.
const { setNotificationWrites } = await import('../dist/domain/notifications/notify.js');
setNotificationWrites(false);
