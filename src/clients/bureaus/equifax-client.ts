import { z } from 'zod';
import type { CreditBorrower, CreditReport, PermissiblePurpose } from '../../domain/credit';
import { callIntegration, parseIntegrationResponse } from '../http';
import type { CreditBureauClient } from './credit-bureau';
import { BEACON_5, parseEquifaxReport } from './equifax-report';
import { toMmddyyyy, undefinedIfNotFound } from './formats';
import { bearerTokenSession } from './token-session';

export interface EquifaxClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  memberNumber: string;
  securityCode: string;
  /** The lender the report is for, as Equifax prints it on the consumer's inquiry record. */
  endUserName: string;
  timeoutMs: number;
}

const SCOPE = 'https://api.equifax.com/business/mortgage-credit/v1';
const REPORTS_PATH = '/business/mortgage-credit/v1/reports';
const PURPOSE_CODE: Record<PermissiblePurpose, string> = {
  'credit-transaction': '01',
  'account-review': '02',
  'written-instruction': '03',
};

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });

/** Equifax's mortgage credit report API: the bureau a credit pull fails over to from Experian. */
export function createEquifaxClient(options: EquifaxClientOptions): CreditBureauClient {
  const session = bearerTokenSession(async () => {
    const answer = await callIntegration('equifax', {
      method: 'POST',
      url: `${options.baseUrl}/v2/oauth/token`,
      headers: {
        authorization: `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPE }),
      timeoutMs: options.timeoutMs,
    });
    const token = parseIntegrationResponse('equifax', tokenSchema, answer.body);
    return { accessToken: token.access_token, expiresInSeconds: token.expires_in };
  });

  async function fetchReport(method: 'GET' | 'POST', path: string, body?: unknown): Promise<CreditReport> {
    const answer = await session.authorised((authorization) =>
      callIntegration('equifax', {
        method,
        url: `${options.baseUrl}${path}`,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: options.timeoutMs,
      }),
    );
    return parseEquifaxReport(answer.body);
  }

  return {
    bureau: 'equifax',
    async submitOrder({ reference, request }) {
      return await fetchReport('POST', REPORTS_PATH, {
        consumers: request.borrowers.map(consumer),
        customerReferenceIdentifier: reference,
        customerConfiguration: {
          equifaxUSConsumerCreditReport: {
            memberNumber: options.memberNumber,
            securityCode: options.securityCode,
            inquiryType: request.pullType === 'soft' ? 'SOFT' : 'HARD',
            endUserInformation: {
              endUsersName: options.endUserName,
              permissiblePurposeCode: PURPOSE_CODE[request.permissiblePurpose],
            },
            models: [{ identifier: BEACON_5 }],
          },
        },
      });
    },
    async findReportByReference(reference) {
      const query = new URLSearchParams({ customerReferenceIdentifier: reference });
      return await undefinedIfNotFound(fetchReport('GET', `${REPORTS_PATH}?${query}`));
    },
    async reissueReport(reportId) {
      return await fetchReport('GET', `${REPORTS_PATH}/${encodeURIComponent(reportId)}`);
    },
  };
}

function consumer(borrower: CreditBorrower) {
  const address = borrower.currentAddress;
  // Equifax matches on a parsed street: the house number apart from the street name.
  const street = /^(\d+[A-Za-z]?)\s+(.+)$/.exec(address.line1);
  return {
    name: [{ identifier: 'current', firstName: borrower.firstName, lastName: borrower.lastName }],
    socialNum: [{ identifier: 'current', number: borrower.ssn }],
    dateOfBirth: toMmddyyyy(borrower.dateOfBirth),
    addresses: [
      {
        identifier: 'current',
        houseNumber: street?.[1],
        streetName: street?.[2] ?? address.line1,
        apartmentNumber: address.line2,
        city: address.city,
        state: address.state,
        zip: address.postalCode.replace('-', ''),
      },
    ],
  };
}
