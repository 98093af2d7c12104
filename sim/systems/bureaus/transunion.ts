import express from 'express';
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { SimContext, SimulatedSystem } from '../../harness';
import { bureauControl } from './control';
import { InquiryBook } from './inquiry-book';
import { renderTransUnionReport, TRANSUNION_PRODUCT } from './transunion-report';

/** Credentials the simulator accepts; the stack's defaults use the same. */
export const TRANSUNION_SIM_CREDENTIALS = {
  systemId: 'INFLOOENS',
  systemPassword: 'sim-transunion-password',
  industryCode: 'F',
  memberCode: '07654321',
  inquirySubscriberPrefixCode: '1701',
  subscriberPassword: 'sim-subscriber-password',
} as const;

const REPORTS_PATH = '/tu4/credit-reports';
const SUBSCRIBER_NAME = 'INFLOOENS MORTGAGE';

const subjectSchema = z.object({
  number: z.enum(['1', '2']),
  subjectRecord: z.object({
    indicative: z.object({
      name: z.object({ person: z.object({ first: z.string().min(1), last: z.string().min(1) }) }),
      address: z
        .array(
          z.object({
            status: z.literal('current'),
            street: z.object({ unparsed: z.string().min(1) }),
            location: z.object({ city: z.string().min(1), state: z.string().length(2), zipCode: z.string() }),
          }),
        )
        .min(1),
      socialSecurity: z.object({ number: z.string().regex(/^\d{9}$/) }),
      dateOfBirth: z.iso.date(),
    }),
  }),
});
const creditReportRequestSchema = z.object({
  document: z.literal('request'),
  transactionControl: z.object({
    userRefNumber: z.string().min(1).max(64),
    subscriber: z.object({
      industryCode: z.string(),
      memberCode: z.string(),
      inquirySubscriberPrefixCode: z.string(),
      password: z.string(),
    }),
  }),
  product: z.object({
    code: z.enum([TRANSUNION_PRODUCT.hard, TRANSUNION_PRODUCT.soft]),
    subject: z.array(subjectSchema).min(1).max(2),
    permissiblePurpose: z.object({ code: z.enum(['CT', 'AR', 'WI']) }),
  }),
});

/**
 * TransUnion's TU4.0 credit report as JSON: Basic auth for the system plus the subscriber's member code and
 * password inside the request, one order for up to two subjects, FICO Classic 04 as add-on product `00W18`
 * (score as `+742`, three-digit factor codes), errors as `{document: 'response', error: {code, description}}`.
 */
export function transunionSim({ ledger }: SimContext): SimulatedSystem {
  const book = new InquiryBook('transunion', ledger, () => String(randomInt(1e9, 1e10)));
  const api = express.Router();

  api.use(REPORTS_PATH, express.json(), (req, res, next) => {
    const c = TRANSUNION_SIM_CREDENTIALS;
    const expected = `Basic ${Buffer.from(`${c.systemId}:${c.systemPassword}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      return void res.status(401).json(transunionError('401', 'System authentication failed'));
    }
    next();
  });

  api.post(REPORTS_PATH, (req, res) => {
    const parsed = creditReportRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      // Field paths only: the vendor never echoes the consumer's PII in an error.
      const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
      return void res.status(400).json(transunionError('111', `Invalid request: ${fields}`));
    }
    const { transactionControl, product } = parsed.data;
    const c = TRANSUNION_SIM_CREDENTIALS;
    const subscriber = transactionControl.subscriber;
    if (
      subscriber.industryCode !== c.industryCode ||
      subscriber.memberCode !== c.memberCode ||
      subscriber.inquirySubscriberPrefixCode !== c.inquirySubscriberPrefixCode ||
      subscriber.password !== c.subscriberPassword
    ) {
      return void res.status(403).json(transunionError('201', 'Subscriber code or password invalid'));
    }
    const report = book.submit({
      reference: transactionControl.userRefNumber,
      pullType: product.code === TRANSUNION_PRODUCT.soft ? 'soft' : 'hard',
      subscriber: SUBSCRIBER_NAME,
      subjects: [...product.subject]
        .sort((a, b) => a.number.localeCompare(b.number))
        .map(({ subjectRecord: { indicative } }) => ({
          firstName: indicative.name.person.first,
          lastName: indicative.name.person.last,
          ssn: indicative.socialSecurity.number,
          dateOfBirth: indicative.dateOfBirth,
        })),
    });
    res.json(renderTransUnionReport(report));
  });

  api.get(REPORTS_PATH, (req, res) => {
    const reference = req.query.userRefNumber;
    const report = typeof reference === 'string' ? book.findByReference(reference) : undefined;
    if (!report) return void res.status(404).json(transunionError('404', 'No report for this userRefNumber'));
    res.json(renderTransUnionReport(report));
  });

  api.get(`${REPORTS_PATH}/:identifier`, (req, res) => {
    const report = book.reissue(req.params.identifier);
    if (!report) return void res.status(404).json(transunionError('404', 'Report not found'));
    res.json(renderTransUnionReport(report));
  });

  return { name: 'transunion', api, control: bureauControl(book), reset: () => book.reset() };
}

function transunionError(code: string, description: string) {
  return { document: 'response', error: { code, description } };
}
