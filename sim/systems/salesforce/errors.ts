/** One entry of Salesforce's REST error body, which is always an array of these. */
export interface SalesforceError {
  message: string;
  errorCode: string;
  fields?: string[];
}

/** What a REST resource answers; the express layer or a composite call turns it into a response. */
export interface SalesforceAnswer {
  status: number;
  body?: unknown;
}

export function sfError(errorCode: string, message: string, fields?: string[]): SalesforceError {
  return fields ? { message, errorCode, fields } : { message, errorCode };
}

export function errorAnswer(status: number, errorCode: string, message: string): SalesforceAnswer {
  return { status, body: [sfError(errorCode, message)] };
}

/** The per-record error shape of sObject Collections results (`statusCode`, not `errorCode`). */
export function recordError(error: SalesforceError) {
  return { statusCode: error.errorCode, message: error.message, fields: error.fields ?? [] };
}
