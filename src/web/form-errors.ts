import { ConflictError, InvalidError, type FieldErrors } from '../domain/errors.js';

/** Turns a validation or conflict failure into the form's message list, or undefined for other errors. */
export function formMessages(error: unknown): string[] | undefined {
  if (error instanceof InvalidError || error instanceof ConflictError) return flatten(error.fields);
  return undefined;
}

const labels: Record<string, string> = { body: 'Body', tagList: 'Tags' };

export function flatten(fields: FieldErrors): string[] {
  return Object.entries(fields).flatMap(([field, messages]) =>
    messages.map((message) => `${labels[field] ?? field} ${message}`),
  );
}
