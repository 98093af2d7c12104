import express from 'express';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SimContext, SimulatedSystem } from '../../harness';
import { bureauControl } from './control';
import { renderExperianReport } from './experian-report';
import { fromMmddyyyy } from './formats';
import { InquiryBook } from './inquiry-book';
import { issueToken, isValidToken } from './tokens';

/** Credentials the simulator accepts; the stack's defaults use the same. */
export const EXPERIAN_SIM_CREDENTIALS = {
  clientId: 'sim-experian-client',
  clientSecret: 'sim-experian-secret',
  username: 'inflooens-sim',
  password: 'sim-experian-password',
  subscriberCode: '1234567',
} as const;

const REPORTS_PATH = '/consumerservices/credit-profile/v2/credit-report';
const SUBSCRIBER_NAME = 'INFLOOENS MORTGAGE';

/** Experian's permissible purpose types accepted here: credit transaction, account review, written instruction. */
const PURPOSE_TYPES = ['08', '18', '3F'] as const;

const applicantSchema = z.object({
  name: z.object({
    firstName: z.string().min(1),
    middleName: z.string().optional(),
    lastName: z.string().min(1),
  }),
  dob: z.object({ dob: z.string().regex(/^\d{8}$/) }),
  ssn: z.object({ ssn: z.string().regex(/^\d{9}$/) }),
  currentAddress: z.object({
    line1: z.string().min(1),
    line2: z.string().optional(),
    city: z.string().min(1),
    state: z.string().length(2),
    zipCode: z.string().regex(/^\d{5}(?:\d{4})?$/),
  }),
});
const creditReportRequestSchema = z.object({
  consumerPii: z.object({
    primaryApplicant: applicantSchema,
    secondaryApplicant: applicantSchema.optional(),
  }),
  requestor: z.object({ subscriberCode: z.string() }),
  permissiblePurpose: z.object({ type: z.enum(PURPOSE_TYPES), softInquiry: z.enum(['Y', 'N']) }),
  clientReferenceId: z.string().min(1).max(64),
});

/**
 * Experian's Credit Profile API (v2): OAuth password grant with `client_id`/`client_secret` headers, JSON
 * orders under `consumerPii`, the ARF report as `creditProfile` segments (FICO II as risk model `F`, scores
 * and amounts as zero-padded strings, dates as MMDDYYYY), errors as `{errors: [{errorCode, errorType, message}]}`.
 */
export function experianSim({ ledger }: SimContext): SimulatedSystem {
  const book = new InquiryBook('experian', ledger, () => randomBytes(6).toString('hex').toUpperCase());
  const api = express.Router();
  api.use(express.json());

  api.post('/oauth2/v1/token', (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    const c = EXPERIAN_SIM_CREDENTIALS;
    if (
      req.headers.client_id !== c.clientId ||
      req.headers.client_secret !== c.clientSecret ||
      username !== c.username ||
      password !== c.password
    ) {
      return void res
        .status(401)
        .json(experianError('401', 'Unauthorized', 'Invalid client or user credentials'));
    }
    res.json({
      issued_at: String(Date.now()),
      expires_in: '1800',
      token_type: 'Bearer',
      access_token: issueToken('experian', 1800),
    });
  });

  api.use(REPORTS_PATH, (req, res, next) => {
    if (!isValidToken(req.headers.authorization, 'experian')) {
      return void res
        .status(401)
        .json(experianError('401', 'Unauthorized', 'Access token is missing or expired'));
    }
    next();
  });

  api.post(REPORTS_PATH, (req, res) => {
    const parsed = creditReportRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      // Field paths only: the vendor never echoes the consumer's PII in an error.
      const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
      return void res
        .status(400)
        .json(experianError('1000', 'Client Error', `Invalid request fields: ${fields}`));
    }
    const order = parsed.data;
    if (order.requestor.subscriberCode !== EXPERIAN_SIM_CREDENTIALS.subscriberCode) {
      return void res.status(403).json(experianError('1010', 'Client Error', 'Subscriber is not authorized'));
    }
    const applicants = [order.consumerPii.primaryApplicant, order.consumerPii.secondaryApplicant].filter(
      (a) => a !== undefined,
    );
    const report = book.submit({
      reference: order.clientReferenceId,
      pullType: order.permissiblePurpose.softInquiry === 'Y' ? 'soft' : 'hard',
      subscriber: SUBSCRIBER_NAME,
      subjects: applicants.map((a) => ({
        firstName: a.name.firstName,
        lastName: a.name.lastName,
        ssn: a.ssn.ssn,
        dateOfBirth: fromMmddyyyy(a.dob.dob),
      })),
    });
    res.json(renderExperianReport(report));
  });

  api.get(REPORTS_PATH, (req, res) => {
    const reference = typeof req.query.clientReferenceId === 'string' ? req.query.clientReferenceId : '';
    const report = book.findByReference(reference);
    if (!report)
      return void res
        .status(404)
        .json(experianError('4040', 'Not Found', 'No report for this clientReferenceId'));
    res.json(renderExperianReport(report));
  });

  api.get(`${REPORTS_PATH}/:reportId`, (req, res) => {
    const report = book.reissue(req.params.reportId);
    if (!report)
      return void res.status(404).json(experianError('4041', 'Not Found', 'No report with this reportId'));
    res.json(renderExperianReport(report));
  });

  return { name: 'experian', api, control: bureauControl(book), reset: () => book.reset() };
}

function experianError(errorCode: string, errorType: string, message: string) {
  return { errors: [{ errorCode, errorType, message }] };
}
