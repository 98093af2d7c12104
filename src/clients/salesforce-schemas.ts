import { z } from 'zod';

/** The client credentials token response; `instance_url` is where the org's REST API lives. */
export const tokenSchema = z.object({
  access_token: z.string().min(1),
  instance_url: z.url(),
  token_type: z.literal('Bearer'),
  issued_at: z.string(),
});

/** One page of a SOQL result; `nextRecordsUrl` is the queryMore locator, there exactly while not `done`. */
export const queryPageSchema = z
  .object({
    totalSize: z.number().int().nonnegative(),
    done: z.boolean(),
    nextRecordsUrl: z.string().startsWith('/services/data/').optional(),
    records: z.array(z.unknown()),
  })
  .refine((page) => page.done === (page.nextRecordsUrl === undefined), {
    message: 'nextRecordsUrl must be present exactly while done is false',
    path: ['nextRecordsUrl'],
  });
export type QueryPage = z.infer<typeof queryPageSchema>;

/** sObject Collections' per-record result (SaveResult / UpsertResult). */
export const saveResultSchema = z.object({
  id: z.string().nullish(),
  success: z.boolean(),
  created: z.boolean().optional(),
  errors: z.array(
    z.object({ statusCode: z.string(), message: z.string(), fields: z.array(z.string()).default([]) }),
  ),
});

export const limitsSchema = z.object({
  DailyApiRequests: z.object({ Max: z.number().int(), Remaining: z.number().int() }),
});
