import { z } from 'zod';
import type { IntegrationName } from './integrations';
import { loanIdSchema } from './loan';

/** The three bureaus, in the order a credit pull fails over: Experian, then Equifax, then TransUnion. */
export const BUREAUS = ['experian', 'equifax', 'transunion'] as const satisfies readonly IntegrationName[];
export type BureauName = (typeof BUREAUS)[number];

/**
 * FCRA §604 purposes a mortgage lender pulls under: an application (`credit-transaction`), servicing
 * review of an existing loan (`account-review`), or the consumer's written instructions (pre-qualification).
 */
export const PERMISSIBLE_PURPOSES = ['credit-transaction', 'account-review', 'written-instruction'] as const;
export type PermissiblePurpose = (typeof PERMISSIBLE_PURPOSES)[number];

/** Stored without separators, so every bureau's wire format and every comparison starts from one form. */
const ssnSchema = z
  .string()
  .regex(/^\d{3}-?\d{2}-?\d{4}$/, 'must be a social security number such as 123-45-6789')
  .transform((ssn) => ssn.replace(/-/g, ''));

const addressSchema = z.object({
  line1: z.string().trim().min(1).max(60),
  line2: z.string().trim().max(60).optional(),
  city: z.string().trim().min(1).max(40),
  state: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter USPS state code'),
  postalCode: z.string().regex(/^\d{5}(?:-\d{4})?$/, 'must be a ZIP or ZIP+4 code'),
});

const borrowerSchema = z.object({
  firstName: z.string().trim().min(1).max(40),
  middleName: z.string().trim().max(40).optional(),
  lastName: z.string().trim().min(1).max(40),
  ssn: ssnSchema,
  dateOfBirth: z.iso.date(),
  currentAddress: addressSchema,
});
export type CreditBorrower = z.infer<typeof borrowerSchema>;

/** A Salesforce user ID (prefix 005) or the user's email: who asked for the pull, for the FCRA audit trail. */
const requestedBySchema = z.union([
  z.string().regex(/^005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/, 'must be a Salesforce user ID'),
  z.email(),
]);

export const creditPullRequestSchema = z
  .object({
    loanId: loanIdSchema,
    /** The borrower first, then an optional co-borrower: a joint application is one order. */
    borrowers: z.array(borrowerSchema).min(1).max(2),
    pullType: z.enum(['hard', 'soft']),
    permissiblePurpose: z.enum(PERMISSIBLE_PURPOSES),
    requestedBy: requestedBySchema,
  })
  .refine((r) => r.borrowers.length < 2 || r.borrowers[0]!.ssn !== r.borrowers[1]!.ssn, {
    message: 'the borrower and co-borrower must have different SSNs',
    path: ['borrowers'],
  })
  .refine((r) => r.permissiblePurpose !== 'account-review' || r.pullType === 'soft', {
    // Bureaus post account-review inquiries as soft: a hard pull needs a consumer-initiated transaction.
    message: 'an account review is a soft pull',
    path: ['pullType'],
  });
/** What Salesforce asks for: one credit report on the borrowers of a loan. Carries PII (SSN, DOB). */
export type CreditPullRequest = z.infer<typeof creditPullRequestSchema>;
export type PullType = CreditPullRequest['pullType'];

/** Which borrower of the order a result belongs to, by position in the request. */
export type BorrowerRole = 'borrower' | 'co-borrower';

/** The classic FICO model each bureau sells for mortgages (the GSEs' "tri-merge" models). */
export const MORTGAGE_SCORE_MODEL = {
  experian: 'FICO Score 2',
  equifax: 'FICO Score 5',
  transunion: 'FICO Score 4',
} as const satisfies Record<BureauName, string>;

export interface CreditScore {
  model: (typeof MORTGAGE_SCORE_MODEL)[BureauName];
  value: number;
  /** FICO reason codes, two digits, most important first. */
  reasonCodes: string[];
}

export interface TradelineSummary {
  count: number;
  mortgageCount: number;
  totalBalance: number;
  /** Scheduled monthly payments across all tradelines: the debt side of debt-to-income. */
  totalMonthlyPayment: number;
  /** Revolving balance over revolving limits, in percent; null without revolving credit. */
  revolvingUtilisationPercent: number | null;
  /** Tradelines 30+ days late or in collection. */
  derogatoryCount: number;
}

/** A hard inquiry on the file (soft inquiries are never shown to other lenders). */
export interface CreditInquiry {
  date: string;
  subscriber: string;
}

export interface BorrowerCreditResult {
  role: BorrowerRole;
  firstName: string;
  lastName: string;
  /** The bureau echoes the full SSN; only the last four digits pass our boundary. */
  ssnLast4: string;
  score: CreditScore;
  tradelines: TradelineSummary;
  inquiries: CreditInquiry[];
  publicRecordCount: number;
}

/** One bureau's report, normalised: what every bureau client returns. Holds no full SSN and no DOB. */
export interface CreditReport {
  bureau: BureauName;
  reportId: string;
  /** Our reference on the order: the key a look-up after an unknown outcome searches by. */
  clientReference: string;
  pullType: PullType;
  pulledAt: string;
  borrowers: BorrowerCreditResult[];
}

/** What is written back to Salesforce: scores and where they came from, nothing that identifies a person. */
export interface ScoreSummary {
  bureau: BureauName;
  reportId: string;
  pulledAt: string;
  scores: { role: BorrowerRole; model: CreditScore['model']; value: number }[];
}

export function toScoreSummary(report: CreditReport): ScoreSummary {
  return {
    bureau: report.bureau,
    reportId: report.reportId,
    pulledAt: report.pulledAt,
    scores: report.borrowers.map((b) => ({ role: b.role, model: b.score.model, value: b.score.value })),
  };
}

/** `***-**-6789`: the only form of an SSN fit for logs, errors and screens. */
export function maskSsn(ssn: string): string {
  return `***-**-${ssn.replace(/\D/g, '').slice(-4)}`;
}

export function borrowerRole(index: number): BorrowerRole {
  return index === 0 ? 'borrower' : 'co-borrower';
}
