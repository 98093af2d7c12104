import type { CreditBorrower, CreditReport, PermissiblePurpose } from '../../domain/credit';
import { callIntegration } from '../http';
import type { CreditBureauClient } from './credit-bureau';
import { undefinedIfNotFound } from './formats';
import { FICO_CLASSIC_04, PRODUCT, parseTransUnionReport } from './transunion-report';

export interface TransUnionClientOptions {
  baseUrl: string;
  systemId: string;
  systemPassword: string;
  industryCode: string;
  memberCode: string;
  inquirySubscriberPrefixCode: string;
  subscriberPassword: string;
  timeoutMs: number;
}

const REPORTS_PATH = '/tu4/credit-reports';
const PURPOSE_CODE: Record<PermissiblePurpose, string> = {
  'credit-transaction': 'CT',
  'account-review': 'AR',
  'written-instruction': 'WI',
};

/** TransUnion's TU4.0 credit report: the last bureau a credit pull fails over to. */
export function createTransUnionClient(options: TransUnionClientOptions): CreditBureauClient {
  const authorization = `Basic ${Buffer.from(`${options.systemId}:${options.systemPassword}`).toString('base64')}`;

  async function fetchReport(method: 'GET' | 'POST', path: string, body?: unknown): Promise<CreditReport> {
    const answer = await callIntegration('transunion', {
      method,
      url: `${options.baseUrl}${path}`,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: options.timeoutMs,
    });
    return parseTransUnionReport(answer.body);
  }

  return {
    bureau: 'transunion',
    async submitOrder({ reference, request }) {
      return await fetchReport('POST', REPORTS_PATH, {
        document: 'request',
        version: '2.37',
        transactionControl: {
          userRefNumber: reference,
          subscriber: {
            industryCode: options.industryCode,
            memberCode: options.memberCode,
            inquirySubscriberPrefixCode: options.inquirySubscriberPrefixCode,
            password: options.subscriberPassword,
          },
          options: {
            country: 'us',
            language: 'en',
            contractualRelationship: request.borrowers.length > 1 ? 'joint' : 'individual',
          },
        },
        product: {
          code: PRODUCT[request.pullType],
          subject: request.borrowers.map((borrower, index) => subject(borrower, index)),
          permissiblePurpose: { code: PURPOSE_CODE[request.permissiblePurpose] },
        },
      });
    },
    async findReportByReference(reference) {
      const query = new URLSearchParams({ userRefNumber: reference });
      return await undefinedIfNotFound(fetchReport('GET', `${REPORTS_PATH}?${query}`));
    },
    async reissueReport(reportId) {
      return await fetchReport('GET', `${REPORTS_PATH}/${encodeURIComponent(reportId)}`);
    },
  };
}

function subject(borrower: CreditBorrower, index: number) {
  const address = borrower.currentAddress;
  return {
    number: String(index + 1),
    subjectRecord: {
      indicative: {
        name: { person: { first: borrower.firstName, middle: borrower.middleName, last: borrower.lastName } },
        address: [
          {
            status: 'current',
            street: { unparsed: [address.line1, address.line2].filter(Boolean).join(' ') },
            location: {
              city: address.city,
              state: address.state,
              zipCode: address.postalCode.replace('-', ''),
            },
          },
        ],
        socialSecurity: { number: borrower.ssn },
        dateOfBirth: borrower.dateOfBirth,
      },
      addOnProduct: [{ code: FICO_CLASSIC_04, scoreModelProduct: 'true' }],
    },
  };
}
