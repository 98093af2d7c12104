import { z } from 'zod';
import { loanIdSchema } from './loan';

export const smsRequestSchema = z.object({
  loanId: loanIdSchema,
  to: z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 phone number such as +14155550100'),
  body: z.string().min(1).max(1600),
});
/** What Salesforce asks for: one SMS to a borrower about a loan. */
export type SmsRequest = z.infer<typeof smsRequestSchema>;

export interface MessageDeliveryReceipt {
  channel: 'sms';
  providerMessageId: string;
  providerStatus: string;
  acceptedAt: string;
}
