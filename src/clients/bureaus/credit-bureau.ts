import type { BureauName, CreditPullRequest, CreditReport } from '../../domain/credit';

/** One order to a bureau: our reference (the request's ID) travels with it and comes back on the report. */
export interface CreditOrder {
  reference: string;
  request: CreditPullRequest;
}

/**
 * What the credit-pull workflow needs from each bureau, in MISMO 3.4 terms. Only `submitOrder` makes an
 * inquiry; it is never safe to repeat, so after an unknown outcome the caller looks the reference up first.
 */
export interface CreditBureauClient {
  readonly bureau: BureauName;
  /** MISMO Submit: a new report and a new inquiry on every borrower, even for a reference already used. */
  submitOrder(order: CreditOrder): Promise<CreditReport>;
  /** The report already produced under our reference, if any: costs no inquiry. */
  findReportByReference(reference: string): Promise<CreditReport | undefined>;
  /** MISMO Reissue: an existing report by its identifier, without a new inquiry. */
  reissueReport(reportId: string): Promise<CreditReport>;
}

/**
 * Submits an order only if the bureau has no report under its reference yet. A Submit that timed out may
 * have pulled credit all the same; looking up first turns its repetition into a harmless read.
 */
export async function submitOrderOnce(client: CreditBureauClient, order: CreditOrder): Promise<CreditReport> {
  return (await client.findReportByReference(order.reference)) ?? (await client.submitOrder(order));
}
