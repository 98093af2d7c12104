import { z } from 'zod';

/** The loan custom field that carries the Salesforce record ID: how we find a loan we created. */
export const INFLOOENS_REFERENCE_FIELD = 'CX.INFLOOENS.SFID';

/** Field 19, as Encompass spells its options. */
export const loanPurposeTypeSchema = z.enum([
  'Purchase',
  'Cash-Out Refinance',
  'NoCash-Out Refinance',
  'ConstructionOnly',
  'ConstructionToPermanent',
  'Other',
]);

const borrowerSchema = z.object({
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  emailAddressText: z.string().optional(),
  homePhoneNumber: z.string().optional(),
  mobilePhone: z.string().optional(),
});

/** A borrower pair; Encompass PATCH merges applications by position. */
const applicationSchema = z.object({
  borrower: borrowerSchema.optional(),
  coborrower: borrowerSchema.optional(),
});

const subjectPropertySchema = z.object({
  streetAddress: z.string().optional(),
  city: z.string().optional(),
  state: z.string().length(2).optional(),
  postalCode: z.string().optional(),
  loanPurposeType: loanPurposeTypeSchema.optional(),
});

/** Custom fields are read and written as strings whatever their format (numeric/date values are unreliable). */
export const customFieldSchema = z.object({
  fieldName: z.string().min(1),
  stringValue: z.string().optional(),
});
export type EncompassCustomField = z.infer<typeof customFieldSchema>;

/**
 * The loan fields inflooens writes, in the v3 loan contract's names: the body of a create and of a PATCH
 * (Encompass merges a PATCH into the loan; `customFields` merge by `fieldName`).
 */
export const encompassLoanInputSchema = z
  .object({
    loanNumber: z.string().min(1),
    /** Field 1109. */
    borrowerRequestedLoanAmount: z.number().nonnegative(),
    /** Field 3, the note rate. */
    requestedInterestRatePercent: z.number().min(0).max(100),
    /** Field 763, `yyyy-MM-dd` as v3 expects dates. */
    estimatedClosingDate: z.iso.date(),
    applications: z.array(applicationSchema),
    property: subjectPropertySchema,
    customFields: z.array(customFieldSchema),
  })
  .partial();
export type EncompassLoanInput = z.infer<typeof encompassLoanInputSchema>;

/** A v3 loan as `GET /encompass/v3/loans/{id}` answers it, limited to what a mortgage sync reads. */
export const encompassLoanSchema = encompassLoanInputSchema.extend({
  id: z.guid(),
  /** Read-only through the loan API: milestones advance in Encompass itself. */
  milestoneCurrentName: z.string().optional(),
  /** Read-only through the loan API: locks go through the rate lock service. */
  rateLock: z.object({ rateStatus: z.string().optional() }).optional(),
  /** Moves on every save, from the API or the desktop client: what orders echoes against edits. */
  lastModified: z.iso.datetime({ offset: true }),
});
export type EncompassLoan = z.infer<typeof encompassLoanSchema>;
