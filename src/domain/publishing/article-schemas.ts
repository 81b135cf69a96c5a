import { z } from 'zod';
import { tagListSchema } from './tags.js';
import { requiredText } from '../validation.js';

const bodySchema = z
  .string({ error: (i) => (i.input == null ? "can't be blank" : 'must be a string') })
  .min(1, "can't be blank")
  .max(100_000, 'is too long (maximum is 100000 characters)')
  .refine((v) => v.trim().length > 0, "can't be blank");

export const newArticleSchema = z.object({
  title: requiredText(200),
  description: requiredText(500),
  body: bodySchema,
  tagList: tagListSchema.optional(),
});

/** Omitted fields are kept; `tagList: []` clears the tags; null is refused. */
export const articleUpdateSchema = z.object({
  title: requiredText(200).optional(),
  description: requiredText(500).optional(),
  body: bodySchema.optional(),
  tagList: tagListSchema.optional(),
});
