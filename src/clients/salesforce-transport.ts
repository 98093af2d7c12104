import type { HttpRequest, HttpRequestOptions, HttpResponse } from 'jsforce';
import Transport from 'jsforce/lib/transport';

/**
 * jsforce's own HTTP transport, bounded for one exchange. jsforce 3's public methods take no deadline (its
 * fetch wrapper waits up to 30 minutes) and it silently retries 5xx, 429 and connection errors on GET, PUT
 * and DELETE; Temporal owns retries here, so every exchange gets our deadline and no retries. It also keeps
 * the raw answer, because jsforce's `HttpApiError` drops the HTTP status that error classification needs.
 */
export class SalesforceCallTransport extends Transport {
  /** What Salesforce answered, once it has; undefined if the request never got an answer. */
  answer: HttpResponse | undefined;

  constructor(private readonly timeoutMs: number) {
    super();
  }

  override httpRequest(req: HttpRequest, options: HttpRequestOptions = {}) {
    const sent = super.httpRequest(req, {
      ...options,
      timeout: this.timeoutMs,
      retry: { ...options.retry, maxRetries: 0, methods: [] },
    });
    sent.then(
      (answer) => void (this.answer = answer),
      () => undefined,
    );
    return sent;
  }
}
