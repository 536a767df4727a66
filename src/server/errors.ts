// API errors: every failure reaches the client as { error: { code, message, details } } with the
// right HTTP status (error-handler.ts sends them).

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
/**
 * The request is valid but the stored data cannot answer it yet: the details say how much there is
 * and how much is needed.
 */
export const notEnoughData = (message: string, details: { have: number; need: number } & Record<string, unknown>) =>
  new ApiError(422, 'not_enough_data', message, details);
