import { z } from 'zod';

/** One criterion of the V1 Loan Pipeline query contract; custom fields are named `Fields.<fieldId>`. */
export const pipelineCriterionSchema = z.object({
  canonicalName: z.string().min(1),
  value: z.string(),
  matchType: z.enum(['exact', 'contains', 'startsWith']),
});

const pipelineFilterSchema = z.union([
  pipelineCriterionSchema,
  z.object({ operator: z.literal('and'), terms: z.array(pipelineCriterionSchema).min(1) }),
]);

/** Body of `POST /encompass/v1/loanPipeline`: a filter (or loan GUIDs), the fields to return, a sort. */
export const pipelineQuerySchema = z.object({
  filter: pipelineFilterSchema,
  fields: z.array(z.string().min(1)).default([]),
  sortOrder: z
    .array(z.object({ canonicalName: z.string().min(1), order: z.enum(['None', 'Asc', 'Desc']) }))
    .default([]),
});
export type PipelineQuery = z.input<typeof pipelineQuerySchema>;

/** A pipeline row. The pipeline spells loan GUIDs in braces; they are unwrapped here. */
export const pipelineRowSchema = z.object({
  loanGuid: z
    .string()
    .transform((guid) => guid.replace(/^\{(.*)\}$/, '$1'))
    .pipe(z.guid()),
  fields: z.record(z.string(), z.string()),
});
export const pipelineRowsSchema = z.array(pipelineRowSchema);
