import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createArticle, ownArticle, updateArticle } from '../domain/publishing/articles.js';
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
}

/**
 * Tags arrive as the pills' hidden inputs plus whatever is left in the text
 * input, which without JavaScript is a comma-separated list: both are named tagList.
 */
export function tagsFromForm(value: unknown): string[] {
  const parts = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  return [...new Set(parts.flatMap((part) => part.split(',')).map((t) => t.trim()).filter(Boolean))];
}

function valuesFrom(form: Form): EditorValues {
  return { title: text(form.title), description: text(form.description), body: text(form.body), tags: tagsFromForm(form.tagList) };
}

/** New article and edit-your-own-article. */
export async function editorPages(app: FastifyInstance, { services }: WebOptions) {
  const { db } = services;
  const signedIn: PageAccess = { signedIn: true };
  const articlePath = (slug: string) => `/article/${encodeURIComponent(slug)}`;

  const renderEditor = (reply: FastifyReply, values: EditorValues, action: string, errors?: string[]) =>
    reply.render('editor', { title: action === '/editor' ? 'New Article' : 'Edit Article', values, action, errors, script: '/editor.js' });

  const empty: EditorValues = { title: '', description: '', body: '', tags: [] };

  app.get('/editor', { config: signedIn }, async (_request, reply) => renderEditor(reply, empty, '/editor'));

  app.post('/editor', { config: signedIn }, async (request, reply) => {
    const values = valuesFrom((request.body ?? {}) as Form);
    try {
      const article = await createArticle(services, request.user!.id, { ...values, tagList: values.tags });
      return reply.redirect(articlePath(article.slug), 303);
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      // 429 past the hour's limit for a new account: the draft is kept.
      return renderEditor(formFailureStatus(reply, error), values, '/editor', errors);
    }
  });

  app.get('/editor/:slug', { config: signedIn }, async (request: SlugRequest, reply) => {
    const article = await ownArticle(db, request.params.slug, request.user!.id);
    const values = { title: article.title, description: article.description, body: article.body, tags: article.tagList };
    return renderEditor(reply, values, `/editor/${encodeURIComponent(article.slug)}`);
  });

  app.post('/editor/:slug', { config: signedIn }, async (request: SlugRequest, reply) => {
    // Not yours is a 403 whatever the form holds: never a 422 that echoes it back.
    await ownArticle(db, request.params.slug, request.user!.id);
    const values = valuesFrom((request.body ?? {}) as Form);
    try {
      const article = await updateArticle(services, request.user!.id, request.params.slug, { ...values, tagList: values.tags });
      return reply.redirect(articlePath(article.slug), 303);
    } catch (error) {
      const errors = formMessages(error);
      if (!errors) throw error;
      return renderEditor(reply.code(422), values, `/editor/${encodeURIComponent(request.params.slug)}`, errors);
    }
  });
}
