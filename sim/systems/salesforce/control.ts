import express from 'express';
import { z } from 'zod';
import type { SalesforceOrg } from './org';
import { asResource } from './store';

const seedSchema = z.object({ records: z.array(z.record(z.string(), z.unknown())) });
const externalIdSchema = z.object({ fields: z.array(z.string().min(1)) });
const pageSizeSchema = z.object({ pageSize: z.number().int().min(1).max(2000) });
const usageSchema = z.object({
  max: z.number().int().min(0).optional(),
  used: z.number().int().min(0).optional(),
});
const ruleSchema = z.object({
  sobject: z.string().min(1),
  field: z.string().min(1),
  rejectValue: z.unknown(),
  message: z.string().min(1),
});

/** Test-facing routes under `/systems/salesforce/` on the control port: seed data, tune limits, read state. */
export function salesforceControl(org: SalesforceOrg): express.Router {
  const control = express.Router();
  const body = <T>(schema: z.ZodType<T>, req: express.Request, res: express.Response): T | undefined => {
    const parsed = schema.safeParse(req.body);
    if (!parsed.success) res.status(400).json({ error: parsed.error.message });
    return parsed.success ? parsed.data : undefined;
  };
  const usage = () => ({ used: org.budget.used, max: org.budget.max });

  control.post('/records/:sobject', (req, res) => {
    const seed = body(seedSchema, req, res);
    if (seed) res.json({ ids: seed.records.map((r) => org.store.seed(req.params.sobject, r)) });
  });
  /** A user saves a record in the Salesforce UI: it is updated (and ledgered) as any save would be. */
  control.post('/records/:sobject/:id/edit', (req, res) => {
    const edit = body(z.object({ fields: z.record(z.string(), z.unknown()) }), req, res);
    if (!edit) return;
    const outcome = org.store.update(req.params.sobject, req.params.id, edit.fields);
    org.store.flush();
    if (!outcome.ok) return void res.status(400).json(outcome.errors);
    res.json(asResource(req.params.sobject, org.store.get(req.params.sobject, req.params.id)!));
  });
  control.get('/records/:sobject', (req, res) => {
    res.json(org.store.all(req.params.sobject).map((r) => asResource(req.params.sobject, r)));
  });
  control.post('/external-id-fields/:sobject', (req, res) => {
    const config = body(externalIdSchema, req, res);
    if (!config) return;
    org.store.setExternalIdFields(req.params.sobject, config.fields);
    res.json(config);
  });
  control.post('/query-page-size', (req, res) => {
    const config = body(pageSizeSchema, req, res);
    if (!config) return;
    org.cursors.pageSize = config.pageSize;
    res.json(config);
  });
  control.get('/api-usage', (_req, res) => void res.json(usage()));
  control.post('/api-usage', (req, res) => {
    const config = body(usageSchema, req, res);
    if (!config) return;
    org.budget.max = config.max ?? org.budget.max;
    org.budget.used = config.used ?? org.budget.used;
    res.json(usage());
  });
  /** A new day: the allowance is whole again. */
  control.post('/api-usage/reset', (_req, res) => {
    org.budget.used = 0;
    res.json(usage());
  });
  control.post('/validation-rules', (req, res) => {
    const rule = body(ruleSchema, req, res);
    if (!rule) return;
    org.store.addValidationRule(rule);
    res.json(rule);
  });
  control.post('/sessions/expire', (_req, res) => {
    org.sessions.expireAll();
    res.json({ expired: true });
  });
  return control;
}
