import { z } from 'zod';

/** A Salesforce record ID (15- or 18-character) of the loan: the key operators search by. */
export const loanIdSchema = z
  .string()
  .regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'must be a 15- or 18-character Salesforce record ID');
export type LoanId = z.infer<typeof loanIdSchema>;
