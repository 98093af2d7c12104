import { BUREAUS } from './credit';
import type { BureauName, CreditPullRequest, PullType, ScoreSummary } from './credit';
import { sha256 } from './sha256';

/** How long a credit pull keeps trying while every bureau is down, unless its options say otherwise. */
export const DEFAULT_CREDIT_PULL_DEADLINE_MS = 24 * 60 * 60_000;

/** How a credit pull runs; plain data, the workflow's second argument (the starter sends none). */
export interface CreditPullOptions {
  /** Bureaus in the order they are tried; default {@link BUREAUS} (Experian, Equifax, TransUnion). */
  bureauOrder?: readonly BureauName[];
  /** From the workflow's start: after this, a pull that found every bureau down fails (ms). */
  deadlineMs?: number;
}

/** What the pull activity is given: one bureau, our reference, the request (with PII, hence never logged). */
export interface BureauOrderInput {
  bureau: BureauName;
  reference: string;
  request: CreditPullRequest;
}

/**
 * The outcome of a credit pull as it travels through Temporal and back to Salesforce: the scores and
 * where they came from, nothing that identifies a person. The full report lives in Salesforce only.
 */
export interface CreditPullResult extends ScoreSummary {
  /** Our order reference at the bureau (see {@link creditReferenceFor}). */
  reference: string;
  pullType: PullType;
  /** The Salesforce record (`Credit_Report__c`) holding the full report. */
  reportRecordId: string;
}

/** `ApplicationFailure` types a credit pull ends with or passes between its activity and workflow. */
export const CreditPullFailure = {
  /** No bureau produced a report before the deadline: every one was down (or its breaker open). */
  BureausUnavailable: 'CreditBureausUnavailable',
  /** Every bureau refused the order (4xx): waiting cannot change that. */
  Rejected: 'CreditPullRejected',
  /**
   * The bureau produced the report but Salesforce did not take it. Not a bureau failure: the workflow
   * must not fail over (that would be a second pull) but come back to the same bureau, whose look-up
   * finds the report without a new inquiry.
   */
  ReportNotStored: 'CreditReportNotStored',
} as const;

/** Bureaus accept short references (Experian's `clientReferenceId`, TransUnion's `userRefNumber`). */
export const CREDIT_REFERENCE_LENGTH = 20;
const REFERENCE_PREFIX = 'INF';
const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The order reference for a credit-pull workflow: `INF` + 17 base32 characters (85 bits) of the SHA-256
 * of its workflow ID. Derived, not random, so every attempt (and any replay or reset) sends the same
 * reference and the look-up finds a report an earlier attempt produced; hashed, so no key or PII leaks to
 * the bureau, and long enough that two requests never share a reference (which would hand one borrower's
 * report to another request).
 */
export function creditReferenceFor(workflowId: string): string {
  const digest = sha256(workflowId);
  let bits = 0;
  let value = 0;
  let out = REFERENCE_PREFIX;
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < CREDIT_REFERENCE_LENGTH) {
      out += CROCKFORD_BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
    if (out.length === CREDIT_REFERENCE_LENGTH) break;
  }
  return out;
}

/** The bureau order, checked: known bureaus, each once, at least one. Undefined when it is not valid. */
export function bureauOrderOf(options: CreditPullOptions): readonly BureauName[] | undefined {
  const order = options.bureauOrder ?? BUREAUS;
  const known = order.every((b) => (BUREAUS as readonly string[]).includes(b));
  return order.length > 0 && known && new Set(order).size === order.length ? order : undefined;
}
