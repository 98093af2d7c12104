import { createHmac } from 'node:crypto';
import { encompassWebhookSchema, verifyElliSignature } from '../../../src/http/encompass-webhook';

const KEY = 'subscription-signing-key';

const notification = {
  eventId: 'f5cc2747-a066-4d7a-92a0-cab60e100dec',
  eventTime: '2026-01-18T20:13:51.446Z',
  eventType: 'change',
  meta: {
    userId: 'jprocessor',
    resourceType: 'Loan',
    resourceId: '4dcc741b-66bc-49d7-9154-66fefc9ed77d',
    instanceId: 'BE11223344',
    resourceRef: '/encompass/v3/loans/4dcc741b-66bc-49d7-9154-66fefc9ed77d',
  },
};
const rawBody = Buffer.from(JSON.stringify(notification));
const signatureOf = (key: string, body: Buffer) => createHmac('sha256', key).update(body).digest('base64');

describe('verifyElliSignature', () => {
  it('when the header is the HMAC of the raw body with the signing key, then it is accepted', () => {
    expect(verifyElliSignature(KEY, rawBody, signatureOf(KEY, rawBody))).toBe(true);
  });

  it('when the body was altered after signing, then it is rejected', () => {
    const altered = Buffer.from(rawBody.toString('utf8').replace('change', 'create'));
    expect(verifyElliSignature(KEY, altered, signatureOf(KEY, rawBody))).toBe(false);
  });

  it('when the body was re-serialised with other whitespace, then it is rejected', () => {
    const reformatted = Buffer.from(JSON.stringify(notification, null, 2));
    expect(verifyElliSignature(KEY, reformatted, signatureOf(KEY, rawBody))).toBe(false);
  });

  it('when signed with another key, then it is rejected', () => {
    expect(verifyElliSignature(KEY, rawBody, signatureOf('another-key', rawBody))).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['truncated', signatureOf(KEY, rawBody).slice(0, 20)],
    ['hex instead of base64', createHmac('sha256', KEY).update(rawBody).digest('hex')],
  ])('when the header is %s, then it is rejected without throwing', (_case, header) => {
    expect(verifyElliSignature(KEY, rawBody, header)).toBe(false);
  });
});

describe('encompassWebhookSchema', () => {
  it('when Encompass sends a loan notification, then it parses', () => {
    expect(encompassWebhookSchema.parse(notification)).toEqual(notification);
  });

  it('when the notification lacks the loan GUID or its eventId is not a GUID, then it is refused', () => {
    const meta = { ...notification.meta, resourceId: undefined };
    expect(encompassWebhookSchema.safeParse({ ...notification, meta }).success).toBe(false);
    expect(encompassWebhookSchema.safeParse({ ...notification, eventId: 'evt-1' }).success).toBe(false);
  });
});
