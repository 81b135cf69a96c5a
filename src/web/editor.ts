import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createArticle, ownArticle, updateArticle, type PublishIntent } from '../domain/publishing/articles.js';
import { utcToZoned } from '../domain/accounts/time-zones.js';
import { formFailureStatus, formMessages } from './form-errors.js';
import { text, type PageAccess } from './guards.js';
import type { WebOptions } from './index.js';

type Form = Record<string, unknown>;
type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

interface EditorValues {
  title: string;
  description: string;
  body: string;
  tags: string[];
  /** The scheduled time as typed, in the author's zone ("2026-12-24T18:30"); empty when none. */
  publishAt: string;
}

/** Where the article stands: the editor offers draft and schedule only before it is published. */
type Standing = 'new' | 'draft' | 'scheduled' | 'published';

/**
 * Tags arrive as the pills' hidden inputs plus whatever is left in the text
 * input, which without JavaScript is a comma-separated list: both are named tagList.
 */
export function tagsFromForm(value: unknown): string[] {
  const parts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  return [...new Set(parts.flatMap((part) => part.split(',')).map((t) => t.trim()).filter(Boolean))];
}

function valuesFrom(form: Form): EditorValues {
  return { title: text(form.title), description: text(form.description), body: text(form.body), tags: tagsFromForm(form.tagList), publishAt: text(form.publishAt) };
}

/** Which submit button was pressed: "Publish Article" (also Enter in a field, the first button), "Save Draft" or "Schedule". */
function intentOf(form: Form, values: EditorValues): PublishIntent {
  if (form.intent === 'draft') return { kind: 'draft' };
  if (form.intent === 'schedule') return { kind: 'schedule', localTime: values.publishAt };
  return { kind: 'publish' };
}

/** New article and edit-your-own-article; a new article or a draft can be kept as a draft or scheduled. */
export async function editorPages(app: FastifyInstance, { services }: WebOptions) {
  const { db } = services;
  const signedIn: PageAccess = { signedIn: true };
  const articlePath = (slug: string) => `/article/${encodeURIComponent(slug)}`;

  const renderEditor = (request: FastifyRequest, reply: FastifyReply, values: EditorValues, action: string, standing: Standing, errors?: string[]) =>
    reply.render('editor', {
      title: action === '/editor' ? 'New Article' : 'Edit Article',
      values,
      action,
      standing,
      timeZone: request.user!.timeZone,
      errors,
      script: '/editor.js',
    });

  const empty: EditorValues = { title: '', description: '', body: '', tags: [], publishAt: '' };

  app.get('/editor', { config: signedIn }, async (request, reply) => renderEditor(request, reply, empty, '/editor', 'new'));

  app.post('/editor', { config: signedIn }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const values = valuesFrom(form);
    try {
      const article = await createArticle(services, request.user!.id, { ...values, tagList: values.tags }, intentOf(form, values));
      return reply.redirect(articlePath(article.slug), 303);
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      // 429 past the hour's limit for a new account: the text is kept.
      return renderEditor(request, formFailureStatus(reply, error), values, '/editor', 'new', errors);
    }
  });

  app.get('/editor/:slug', { config: signedIn }, async (request: SlugRequest, reply) => {
    const article = await ownArticle(db, request.params.slug, request.user!.id);
    const publishAt = article.draft?.publishAt;
    const values = {
      title: article.title,
      description: article.description,
      body: article.body,
      tags: article.tagList,
      publishAt: publishAt == null ? '' : utcToZoned(publishAt, request.user!.timeZone),
    };
    return renderEditor(request, reply, values, `/editor/${encodeURIComponent(article.slug)}`, standingOf(article.draft));
  });

  app.post('/editor/:slug', { config: signedIn }, async (request: SlugRequest, reply) => {
    // Not yours is a 403 whatever the form holds: never a 422 that echoes it back.
    const current = await ownArticle(db, request.params.slug, request.user!.id);
    const standing = standingOf(current.draft);
    const form = (request.body ?? {}) as Form;
    const values = valuesFrom(form);
    try {
      // A published article stays published: its form has only "Publish Article".
      const intent = standing === 'published' ? undefined : intentOf(form, values);
      const article = await updateArticle(services, request.user!.id, request.params.slug, { ...values, tagList: values.tags }, intent);
      return reply.redirect(articlePath(article.slug), 303);
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      return renderEditor(request, reply.code(422), values, `/editor/${encodeURIComponent(request.params.slug)}`, standing, errors);
    }
  });
}

function standingOf(draft: { publishAt: number | null } | null): Standing {
  if (!draft) return 'published';
  return draft.publishAt === null ? 'draft' : 'scheduled';
}
