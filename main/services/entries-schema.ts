/** The `sitecrf enter` file format (README, "the entries file"). */
import { z } from 'zod';
import { SAVE_STATUSES } from '../../shared/status';

const alias = z.string().min(1).max(40);
const values = z.record(z.string().max(64), z.unknown());
/** A caller's name for one entry: applied once, skipped ("already applied") on a rerun. */
const key = z.string().trim().min(1, 'a key is 1–200 characters').max(200, 'a key is 1–200 characters');

export const entrySchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('register'), as: alias.optional(), key: key.optional() }).strict(),
  z
    .object({
      action: z.literal('save'),
      key: key.optional(),
      subject: alias,
      event: z.string().max(64),
      form: z.string().max(64),
      instance: z.number().int().min(1).optional(),
      status: z.enum(SAVE_STATUSES).default('complete'),
      values,
      reason: z.string().max(500).optional(),
      merge: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      action: z.literal('add'),
      key: key.optional(),
      subject: alias,
      form: z.string().max(64),
      event: z.string().max(64).optional(),
      status: z.enum(SAVE_STATUSES).default('complete'),
      values,
    })
    .strict(),
]);
export const entriesFileSchema = z.object({ entries: z.array(z.unknown()).max(100_000) }).strict();
export type Entry = z.infer<typeof entrySchema>;
