import { z } from 'zod';
import type { CreditBorrower, CreditReport, PermissiblePurpose } from '../../domain/credit';
import { callIntegration, parseIntegrationResponse } from '../http';
import type { CreditBureauClient } from './credit-bureau';
import { parseExperianReport } from './experian-report';
import { toMmddyyyy, undefinedIfNotFound } from './formats';
import { bearerTokenSession } from './token-session';

export interface ExperianClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  subscriberCode: string;
  timeoutMs: number;
}

const REPORTS_PATH = '/consumerservices/credit-profile/v2/credit-report';
const PURPOSE_TYPE: Record<PermissiblePurpose, string> = {
  'credit-transaction': '08',
  'account-review': '18',
  'written-instruction': '3F',
};

const tokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });

/** Experian's Credit Profile API: the first bureau a credit pull tries. */
export function createExperianClient(options: ExperianClientOptions): CreditBureauClient {
  const session = bearerTokenSession(async () => {
    const answer = await callIntegration('experian', {
      method: 'POST',
      url: `${options.baseUrl}/oauth2/v1/token`,
      headers: {
        'content-type': 'application/json',
        client_id: options.clientId,
        client_secret: options.clientSecret,
      },
      body: JSON.stringify({ username: options.username, password: options.password }),
      timeoutMs: options.timeoutMs,
    });
    const token = parseIntegrationResponse('experian', tokenSchema, answer.body);
    return { accessToken: token.access_token, expiresInSeconds: token.expires_in };
  });

  async function fetchReport(method: 'GET' | 'POST', path: string, body?: unknown): Promise<CreditReport> {
    const answer = await session.authorised((authorization) =>
      callIntegration('experian', {
        method,
        url: `${options.baseUrl}${path}`,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        timeoutMs: options.timeoutMs,
      }),
    );
    return parseExperianReport(answer.body);
  }

  return {
    bureau: 'experian',
    async submitOrder({ reference, request }) {
      const [primary, secondary] = request.borrowers;
      return await fetchReport('POST', REPORTS_PATH, {
        consumerPii: {
          primaryApplicant: applicant(primary!),
          ...(secondary ? { secondaryApplicant: applicant(secondary) } : {}),
        },
        requestor: { subscriberCode: options.subscriberCode },
        permissiblePurpose: {
          type: PURPOSE_TYPE[request.permissiblePurpose],
          softInquiry: request.pullType === 'soft' ? 'Y' : 'N',
        },
        clientReferenceId: reference,
      });
    },
    async findReportByReference(reference) {
      const query = new URLSearchParams({ clientReferenceId: reference });
      return await undefinedIfNotFound(fetchReport('GET', `${REPORTS_PATH}?${query}`));
    },
    async reissueReport(reportId) {
      return await fetchReport('GET', `${REPORTS_PATH}/${encodeURIComponent(reportId)}`);
    },
  };
}

function applicant(borrower: CreditBorrower) {
  const address = borrower.currentAddress;
  return {
    name: { firstName: borrower.firstName, middleName: borrower.middleName, lastName: borrower.lastName },
    dob: { dob: toMmddyyyy(borrower.dateOfBirth) },
    ssn: { ssn: borrower.ssn },
    currentAddress: {
      line1: address.line1,
      line2: address.line2,
      city: address.city,
      state: address.state,
      zipCode: address.postalCode.replace('-', ''),
    },
  };
}
