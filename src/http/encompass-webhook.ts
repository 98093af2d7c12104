import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Header carrying the base64 HMAC-SHA256 of the raw body, keyed with the subscription's signing key. */
export const ELLI_SIGNATURE_HEADER = 'elli-signature';

/**
 * An Encompass webhook notification. It names the resource that changed and carries no loan data: the
 * receiver reads the loan itself, so a late or repeated notification can never apply stale values.
 */
export const encompassWebhookSchema = z.object({
  /** Unique per event and kept across redeliveries: the key to process an event once. */
  eventId: z.guid(),
  eventTime: z.iso.datetime({ offset: true }),
  /** `create`, `change`, `update`, ... as subscribed; other resources bring other types. */
  eventType: z.string().min(1),
  meta: z.object({
    /** The Encompass user who made the change: our API user for our own writes (echoes). */
    userId: z.string(),
    resourceType: z.string().min(1),
    /** The loan GUID for the Loan resource. */
    resourceId: z.string().min(1),
    instanceId: z.string().min(1),
    resourceRef: z.string().min(1),
  }),
});
export type EncompassWebhook = z.infer<typeof encompassWebhookSchema>;

/**
 * True when `header` is the signature of exactly these bytes. Verify before parsing: re-serialised JSON
 * would not match, and an unsigned body must not reach the parser.
 */
export function verifyElliSignature(
  signingKey: string,
  rawBody: Buffer,
  header: string | undefined,
): boolean {
  if (!header) return false;
  const expected = Buffer.from(createHmac('sha256', signingKey).update(rawBody).digest('base64'));
  const presented = Buffer.from(header.trim());
  // Lengths are public (every valid signature has the same one); only the contents need constant time.
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
