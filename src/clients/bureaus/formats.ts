import { z } from 'zod';
import { isPermanentIntegrationError } from '../../resilience/errors';

/** `2024-03-07` → `03072024`, the date form of Experian's and Equifax's legacy fields. */
export function toMmddyyyy(isoDate: string): string {
  const [year, month, day] = isoDate.split('-');
  return `${month}${day}${year}`;
}

export const mmddyyyySchema = z
  .string()
  .regex(/^\d{8}$/, 'must be a date as MMDDYYYY')
  .transform((d) => `${d.slice(4, 8)}-${d.slice(0, 2)}-${d.slice(2, 4)}`);

/** Amounts and scores sent as zero-padded digit strings (`000012345`). */
export const paddedNumberSchema = z
  .string()
  .regex(/^\d+$/, 'must be digits')
  .transform((digits) => Number(digits));

/** A vendor timestamp with any offset, normalised to UTC. */
export const timestampSchema = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

/** FICO reason codes as the two digits lenders print on adverse-action notices (`010`, `10`, 10 → `10`). */
export function ficoReasonCode(code: string | number): string {
  return String(Number(code)).padStart(2, '0');
}

/** The full SSN a bureau echoes: checked, then cut to its last four before it leaves the client. */
export const echoedSsnSchema = z
  .string()
  .regex(/^\d{9}$/, 'must be nine digits')
  .transform((ssn) => ssn.slice(-4));

/** A look-up's 404 means "no such report", not a failure: the caller then knows a Submit is safe. */
export async function undefinedIfNotFound<T>(lookUp: Promise<T>): Promise<T | undefined> {
  try {
    return await lookUp;
  } catch (err) {
    if (isPermanentIntegrationError(err) && err.status === 404) return undefined;
    throw err;
  }
}
