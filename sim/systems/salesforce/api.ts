import express from 'express';
import { SALESFORCE_DATA_PATH } from './credentials';
import { sfError } from './errors';
import type { SalesforceOrg } from './org';
import { tokenEndpoint } from './oauth';

/** The org as jsforce sees it: the token endpoint and the REST API of one version. */
export function salesforceApi(org: SalesforceOrg): express.Router {
  const api = express.Router();
  api.post('/services/oauth2/token', express.urlencoded({ extended: false }), tokenEndpoint(org.sessions));

  const data = express.Router();
  data.use((req, res, next) => {
    res.set('Sforce-Limit-Info', org.budget.limitInfo);
    if (!org.sessions.isValid(req.headers.authorization)) {
      return void res.status(401).json([sfError('INVALID_SESSION_ID', 'Session expired or invalid')]);
    }
    if (!org.budget.tryConsume()) {
      return void res.status(403).json([sfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')]);
    }
    res.set('Sforce-Limit-Info', org.budget.limitInfo);
    next();
  });
  data.use(express.json({ limit: '50mb' }));
  data.use((req, res) => {
    let answer;
    try {
      answer = org.resources.handle({
        method: req.method,
        path: req.path,
        query: new URL(req.originalUrl, 'http://salesforce').searchParams,
        body: req.body,
      });
    } finally {
      org.store.flush();
    }
    if (answer.body === undefined) return void res.status(answer.status).end();
    res.status(answer.status).json(answer.body);
  });
  data.use(((err, _req, res, _next) => {
    res.status(400).json([sfError('JSON_PARSER_ERROR', (err as Error).message)]);
  }) as express.ErrorRequestHandler);

  api.use(SALESFORCE_DATA_PATH, data);
  return api;
}
