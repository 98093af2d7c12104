import express from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SimContext, SimulatedSystem } from '../../harness';
import { bureauControl } from './control';
import { renderEquifaxReport, REPORTS_PATH } from './equifax-report';
import { fromMmddyyyy } from './formats';
import { InquiryBook } from './inquiry-book';
import { issueToken, isValidToken } from './tokens';

/** Credentials the simulator accepts; the stack's defaults use the same. */
export const EQUIFAX_SIM_CREDENTIALS = {
  clientId: 'sim-equifax-client',
  clientSecret: 'sim-equifax-secret',
  memberNumber: '999XX12345',
  securityCode: 'SIM',
} as const;

const EQUIFAX_SCOPE = 'https://api.equifax.com/business/mortgage-credit/v1';
const SUBSCRIBER_NAME = 'INFLOOENS MORTGAGE';

const current = z.literal('current');
const consumerSchema = z.object({
  name: z
    .array(z.object({ identifier: current, firstName: z.string().min(1), lastName: z.string().min(1) }))
    .min(1),
  socialNum: z.array(z.object({ identifier: current, number: z.string().regex(/^\d{9}$/) })).length(1),
  dateOfBirth: z.string().regex(/^\d{8}$/),
  addresses: z
    .array(
      z.object({
        identifier: current,
        houseNumber: z.string().optional(),
        streetName: z.string().min(1),
        city: z.string().min(1),
        state: z.string().length(2),
        zip: z.string().regex(/^\d{5}(?:\d{4})?$/),
      }),
    )
    .min(1),
});
const reportRequestSchema = z.object({
  consumers: z.array(consumerSchema).min(1).max(2),
  customerReferenceIdentifier: z.string().min(1).max(64),
  customerConfiguration: z.object({
    equifaxUSConsumerCreditReport: z.object({
      memberNumber: z.string(),
      securityCode: z.string(),
      inquiryType: z.enum(['HARD', 'SOFT']),
      endUserInformation: z.object({
        endUsersName: z.string().min(1),
        permissiblePurposeCode: z.enum(['01', '02', '03']),
      }),
    }),
  }),
});

/**
 * Equifax's mortgage credit report API: OAuth client credentials (Basic + scope), one order for up to two
 * consumers, the report under `consumers.equifaxUSConsumerCreditReport` with Beacon 5.0 as FICO model
 * `05143` (numeric reason codes, MMDDYYYY dates), errors as `{efxErrorCode, description}`.
 */
export function equifaxSim({ ledger }: SimContext): SimulatedSystem {
  const book = new InquiryBook('equifax', ledger, () => `EFX${randomBytes(8).toString('hex').toUpperCase()}`);
  const api = express.Router();

  api.post('/v2/oauth/token', express.urlencoded({ extended: false }), (req, res) => {
    const c = EQUIFAX_SIM_CREDENTIALS;
    const expected = `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    if (req.headers.authorization !== expected || body.grant_type !== 'client_credentials') {
      return void res.status(401).json(equifaxError('E0401', 'Invalid client credentials'));
    }
    if (body.scope !== EQUIFAX_SCOPE)
      return void res.status(400).json(equifaxError('E0400', 'Invalid scope'));
    res.json({
      access_token: issueToken('equifax', 3600),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: body.scope,
    });
  });

  api.use(REPORTS_PATH, express.json(), (req, res, next) => {
    if (!isValidToken(req.headers.authorization, 'equifax')) {
      return void res.status(401).json(equifaxError('E0401', 'Access token is missing or expired'));
    }
    next();
  });

  api.post(REPORTS_PATH, (req, res) => {
    const parsed = reportRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      // Field paths only: the vendor never echoes the consumer's PII in an error.
      const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
      return void res.status(400).json(equifaxError('E0400', `Invalid request: ${fields}`));
    }
    const order = parsed.data;
    const config = order.customerConfiguration.equifaxUSConsumerCreditReport;
    const c = EQUIFAX_SIM_CREDENTIALS;
    if (config.memberNumber !== c.memberNumber || config.securityCode !== c.securityCode) {
      return void res
        .status(403)
        .json(equifaxError('E0403', 'Member number or security code not recognised'));
    }
    const report = book.submit({
      reference: order.customerReferenceIdentifier,
      pullType: config.inquiryType === 'SOFT' ? 'soft' : 'hard',
      subscriber: SUBSCRIBER_NAME,
      subjects: order.consumers.map((consumer) => ({
        firstName: consumer.name[0]!.firstName,
        lastName: consumer.name[0]!.lastName,
        ssn: consumer.socialNum[0]!.number,
        dateOfBirth: fromMmddyyyy(consumer.dateOfBirth),
      })),
    });
    res.status(201).json(renderEquifaxReport(report));
  });

  api.get(REPORTS_PATH, (req, res) => {
    const reference = req.query.customerReferenceIdentifier;
    const report = typeof reference === 'string' ? book.findByReference(reference) : undefined;
    if (!report) return void res.status(404).json(equifaxError('E0404', 'No report for this reference'));
    res.json(renderEquifaxReport(report));
  });

  api.get(`${REPORTS_PATH}/:reportIdentifier`, (req, res) => {
    const report = book.reissue(req.params.reportIdentifier);
    if (!report) return void res.status(404).json(equifaxError('E0404', 'Report not found'));
    res.json(renderEquifaxReport(report));
  });

  return { name: 'equifax', api, control: bureauControl(book), reset: () => book.reset() };
}

function equifaxError(efxErrorCode: string, description: string) {
  return { efxErrorCode, description };
}
