import {
  RootHttpRouterConfigureContext,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Middleware = (
  req: IncomingMessage,
  res: ServerResponse & { json(body?: unknown): unknown },
  next: (error?: unknown) => void,
) => void;

/**
 * Largest scaffolder dry-run body in bytes. The scaffolder itself accepts
 * 10 MB; a dry run carries the template, its values and the skeleton's files
 * (the largest template here is ~120 kB, ~160 kB as base64).
 */
export const DRY_RUN_BODY_LIMIT = 1024 * 1024;

function httpError(status: number, name: string, message: string) {
  return Object.assign(new Error(message), { name, statusCode: status });
}

/**
 * Refuses a body over `limit` bytes from its Content-Length, before a byte is
 * read; a body without a length (chunked) is refused too, since only then
 * could it outgrow the limit unnoticed.
 */
export function limitBodySize(limit: number): Middleware {
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      next();
      return;
    }
    const length = req.headers['content-length'];
    if (length === undefined && req.headers['transfer-encoding']) {
      next(
        httpError(
          411,
          'LengthRequiredError',
          'request body needs a Content-Length',
        ),
      );
    } else if (Number(length) > limit) {
      next(
        httpError(
          413,
          'PayloadTooLargeError',
          `request body is larger than the ${limit} bytes this route accepts`,
        ),
      );
    } else {
      next();
    }
  };
}

/**
 * Error responses never carry what the server knows and the caller did not
 * send: a JSON parse error is reported without the body excerpt that
 * body-parser quotes, and in production a 5xx says only that an internal
 * error occurred (the full error, with any server path, is in the log).
 */
export function hideErrorDetails(options: { production: boolean }): Middleware {
  return (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body?: any) => {
      const error = body?.error;
      if (error && typeof error === 'object' && body.response?.statusCode) {
        const status: number = body.response.statusCode;
        if (status === 400 && error.name === 'SyntaxError') {
          body.error = {
            name: 'InputError',
            message: 'request body is not valid JSON',
          };
        } else if (status >= 500 && options.production) {
          body.error = {
            name: 'Error',
            message: 'An internal error occurred; it has been logged',
          };
        }
      }
      return json(body);
    };
    next();
  };
}

/**
 * Backstage's defaults, plus a cap on scaffolder dry-run bodies and error
 * responses without internal details (added first, so they apply to every
 * route and to the default error handler's responses).
 */
export function configureRootHttpRouter(ctx: RootHttpRouterConfigureContext) {
  const { app, applyDefaults } = ctx;
  app.use(
    hideErrorDetails({ production: process.env.NODE_ENV === 'production' }),
  );
  app.use('/api/scaffolder/v2/dry-run', limitBodySize(DRY_RUN_BODY_LIMIT));
  applyDefaults();
}

/** The backend's root router, configured by {@link configureRootHttpRouter}. */
export default rootHttpRouterServiceFactory({
  configure: configureRootHttpRouter,
});
