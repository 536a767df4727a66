// API errors: every failure reaches the client as { error: { code, message, details } } with the
// right HTTP status.
import type { FastifyError, FastifyInstance } from 'fastify';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, 'bad_request', message, details);
export const notFound = (message: string, details?: unknown) => new ApiError(404, 'not_found', message, details);

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, details: details ?? null } };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.status(error.statusCode).send(errorBody(error.code, error.message, error.details));
    }
    if (error.validation) {
      const details = error.validation.map((v) => ({
        field: (
          v.instancePath || `/${String((v.params as { missingProperty?: string }).missingProperty ?? '')}`
        ).replace(/^\//, ''),
        in: error.validationContext,
        message: v.message,
        allowed: (v.params as { allowedValues?: unknown }).allowedValues,
      }));
      return reply
        .status(400)
        .send(errorBody('bad_request', `invalid ${error.validationContext}: ${error.message}`, details));
    }
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply
      .status(status)
      .send(
        errorBody(
          status >= 500 ? 'internal_error' : (error.code ?? 'error').toLowerCase(),
          status >= 500 ? 'internal server error' : error.message,
        ),
      );
  });
}
