// Sends every failure in the { error: { code, message, details } } envelope: ApiErrors as thrown,
// validation errors with one entry per bad field, Fastify's routing and body errors translated, and
// anything else as a logged 500 that reveals nothing. Also the server options that route Fastify's
// and Node's own early answers through the same envelope.
import type { FastifyError, FastifyInstance, FastifyServerOptions } from 'fastify';
import { ApiError, errorBody } from './errors.js';
import { parseJsonBody } from './json-body.js';
import {
  answerClientError,
  MAX_BODY_BYTES,
  MAX_PARAM_LENGTH,
  sendFrameworkError,
  translateFastifyError,
} from './request-errors.js';
import { describeValidation, summarizeValidation, type AjvError } from './validation-errors.js';

/** Options of `Fastify()` for answers given before any route runs. */
export const EARLY_ERROR_OPTIONS = {
  bodyLimit: MAX_BODY_BYTES,
  routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  frameworkErrors: sendFrameworkError,
  clientErrorHandler: answerClientError,
} satisfies Partial<FastifyServerOptions>;

export function installErrorHandling(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.status(error.statusCode).send(errorBody(error.code, error.message, error.details));
    }
    if (error.validation) {
      const part = error.validationContext ?? 'request';
      const problems = describeValidation(error.validation as AjvError[], part);
      return reply.status(400).send(errorBody('bad_request', summarizeValidation(problems, part), problems));
    }
    const translated = translateFastifyError(error, request);
    if (translated !== undefined) {
      return reply
        .status(translated.statusCode)
        .send(errorBody(translated.code, translated.message, translated.details));
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(status).send(errorBody('internal_error', 'internal server error'));
    }
    const code = (error.code ?? 'error').toLowerCase().replace(/^fst_err_/, '');
    return reply.status(status).send(errorBody(code, error.message));
  });
}
