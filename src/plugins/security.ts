import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers. The CSP allows scripts and styles only from our own
 * origin (no inline script), images from anywhere over http(s) because
 * avatars are user-supplied URLs, and forms that post only to us.
 */
export const securityPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'https:', 'http:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      // Same-site-only loads would also block user avatars hosted elsewhere.
      crossOriginEmbedderPolicy: false,
      // Our forms fall back to the Referer to go back where they came from; other sites learn nothing.
      referrerPolicy: { policy: 'same-origin' },
    });
  },
  { name: 'security' },
);
