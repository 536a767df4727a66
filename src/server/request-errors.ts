// Errors that Fastify or Node answer before any route runs — a URL that is not valid
// percent-encoding, a path parameter past the router's limit, a request line and headers past
// Node's header limit, a body Fastify refuses — sent in the API's error envelope with a message a
// person can act on instead of Fastify's own `{error, code, message, statusCode}` or Node's bare status line.
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorBody } from './errors.js';

/**
 * The router's limit on one path parameter. Above Fastify's default of 100 so that a pair id of two
 * 64-character instruments (URL-encoded) reaches the route, whose schema names the limit of the field.
 */
export const MAX_PARAM_LENGTH = 512;

/**
 * The largest JSON body, instead of Fastify's 1 MB: the API's bodies are a rule, a pair or an
 * instrument, well under 4 KB, and validation collects every error, so its cost grows with the body.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** Long values echoed in messages are cut: a 5,000-character path is not worth repeating. */
export function shorten(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** Fastify's errors from routing and body parsing, as an ApiError; undefined for other errors. */
export function translateFastifyError(error: FastifyError, request: FastifyRequest): ApiError | undefined {
  const path = shorten(request.url.split('?')[0]);
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new ApiError(
        400,
        'bad_url',
        `the URL ${path} is not valid percent-encoding (a % must be followed by two hex digits)`,
        {
          url: path,
        },
      );
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new ApiError(
        414,
        'uri_too_long',
        `a path parameter of ${path} is longer than ${MAX_PARAM_LENGTH} characters`,
        {
          url: path,
          allowed: `path parameters of at most ${MAX_PARAM_LENGTH} characters`,
        },
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(
        413,
        'body_too_large',
        `the body is larger than the ${request.routeOptions.bodyLimit} bytes allowed`,
        {
          allowed: `at most ${request.routeOptions.bodyLimit} bytes`,
        },
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        415,
        'unsupported_media_type',
        `the body's content-type (${shorten(String(request.headers['content-type']), 60)}) is not accepted; ` +
          'send application/json',
        { field: 'content-type', allowed: ['application/json'] },
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(400, 'bad_request', 'the content-length header does not match the body sent', {
        field: 'content-length',
      });
    default:
      return undefined;
  }
}

/** Fastify's `frameworkErrors`: routing failures (bad percent-encoding, a path parameter too long). */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const translated = translateFastifyError(error, request);
  const status = translated?.statusCode ?? error.statusCode ?? 400;
  reply
    .status(status)
    .send(errorBody(translated?.code ?? 'bad_request', translated?.message ?? error.message, translated?.details));
}

function clientErrorReply(error: NodeJS.ErrnoException): { status: number; code: string; message: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        code: 'request_too_large',
        message:
          `the request line and headers exceed ${maxHeaderSize} bytes; shorten the URL ` +
          '(a query string this long is not an API request)',
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', message: 'the request was not received in time' };
    default:
      return { status: 400, code: 'bad_request', message: `malformed HTTP request (${error.code ?? error.message})` };
  }
}

/**
 * Node's `clientError`: the HTTP parser rejected the request, so there is no request object and the
 * answer is written on the socket, then the connection is closed, as Node does itself.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, message } = clientErrorReply(error);
  const body = JSON.stringify(errorBody(code, message, null));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
