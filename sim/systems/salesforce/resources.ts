import type { SalesforceAnswer } from './errors';
import { errorAnswer } from './errors';

/** One REST call as the resources see it, whether it came over HTTP or inside a composite request. */
export interface ResourceRequest {
  method: string;
  /** The path below `/services/data/vXX.X`. */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export type ResourceHandler = (req: ResourceRequest, params: Record<string, string>) => SalesforceAnswer;

interface Route {
  method: string;
  segments: string[];
  handler: ResourceHandler;
}

/**
 * The REST resources of one API version, matched by method and path. A plain table rather than an express
 * router, so that composite requests can run their sub-requests through the very same handlers.
 */
export class ResourceTable {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: ResourceHandler): this {
    this.routes.push({ method, segments: pattern.split('/'), handler });
    return this;
  }

  handle(req: ResourceRequest): SalesforceAnswer {
    const segments = req.path.replace(/\/$/, '').split('/');
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchPath(route.segments, segments);
      if (!params) continue;
      if (route.method === req.method) return route.handler(req, params);
      allowed.push(route.method);
    }
    if (allowed.length > 0) {
      return errorAnswer(
        405,
        'METHOD_NOT_ALLOWED',
        `HTTP Method '${req.method}' not allowed. Allowed are ${allowed.join(',')}`,
      );
    }
    return errorAnswer(404, 'NOT_FOUND', 'The requested resource does not exist');
  }
}

function matchPath(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segment);
    else if (part !== segment) return undefined;
  }
  return params;
}
