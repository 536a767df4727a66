// The OHLCV CSV upload over HTTP: POST /imports takes the file as the multipart field `file`,
// streamed into the import engine as it arrives (never held whole: a 1 GB upload costs a chunk of
// memory, not a gigabyte), with the options in the query string; GET /imports lists the recent
// imports; POST /imports/preview answers what the first bytes of a file would import as.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { CsvImportError, ImportOptionsError, previewCsv, type OhlcvCsvOptions } from '../../import/ohlcv-csv.js';
import { ApiError, badRequest } from '../errors.js';
import type { ImportJobs } from '../imports/import-jobs.js';
import {
  ImportCreatedSchema,
  ImportListSchema,
  ImportPreviewSchema,
  ImportQuerySchema,
} from '../imports/import-schemas.js';
import { ErrorSchema } from '../schemas.js';

export const IMPORTS_TAG = { name: 'imports', description: 'OHLCV CSV uploads into an instrument' };

/** Default for `--import-max-bytes`. */
export const DEFAULT_IMPORT_MAX_BYTES = 2 * 1024 ** 3;
/** Bytes of a file a preview reads. */
export const PREVIEW_BYTES = 256 * 1024;

export interface ImportRoutesOptions {
  jobs: ImportJobs;
  /** Largest file accepted, bytes; a larger one is refused with 413 and nothing is stored. */
  maxBytes: number;
}

const FILE_FIELD = 'file';

class FileTooLargeError extends Error {}

/**
 * The upload's bytes, failing at the limit: the multipart stream itself only ends early there
 * (marked `truncated`), which the importer would read as a file cut short.
 */
async function* withinLimit(stream: AsyncIterable<Buffer> & { truncated?: boolean }): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    if (stream.truncated) throw new FileTooLargeError();
    yield chunk;
  }
  if (stream.truncated) throw new FileTooLargeError();
}

function optionsError(error: ImportOptionsError): ApiError {
  return badRequest(error.message, { field: error.option, value: error.value });
}

function invalidCsv(error: CsvImportError): ApiError {
  return new ApiError(422, error.code, error.message, {
    problems: error.problems,
    problemCount: error.problemCount,
  });
}

async function uploadedFile(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw badRequest(`send the file as multipart/form-data in the field "${FILE_FIELD}"`, {
      field: FILE_FIELD,
      contentType: request.headers['content-type'] ?? null,
    });
  }
  const file = await request.file();
  if (file === undefined) throw badRequest(`no file in the upload: send it in the field "${FILE_FIELD}"`);
  if (file.fieldname !== FILE_FIELD) {
    file.file.resume();
    throw badRequest(`the file must be in the field "${FILE_FIELD}", not "${file.fieldname}"`, {
      field: file.fieldname,
    });
  }
  return file;
}

function optionsFrom(query: Record<string, unknown>): OhlcvCsvOptions {
  return {
    instrument: query.instrument as string,
    timeframe: query.timeframe as string | undefined,
    map: query.map as string | undefined,
    timeFormat: query.timeFormat as string | undefined,
    delimiter: query.delimiter as string | undefined,
    onDuplicate: query.onDuplicate as string | undefined,
    dryRun: query.dryRun as boolean | undefined,
  };
}

export const importRoutes =
  ({ jobs, maxBytes }: ImportRoutesOptions): FastifyPluginAsyncTypebox =>
  async (app) => {
    // Registered here, so only these routes parse multipart bodies.
    await app.register(fastifyMultipart, { limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } });

    app.post(
      '/imports',
      {
        schema: {
          summary: 'Import an OHLCV CSV into an instrument, all rows or none',
          description:
            `The file goes in the multipart field \`${FILE_FIELD}\`, streamed; options in the query string. ` +
            'A file with any problem stores nothing: 422 lists the first 20 problems by line, column and value. ' +
            'Progress is told on the WebSocket channel `imports`.',
          tags: [IMPORTS_TAG.name],
          consumes: ['multipart/form-data'],
          querystring: ImportQuerySchema,
          response: { 201: ImportCreatedSchema, 400: ErrorSchema, 413: ErrorSchema, 422: ErrorSchema },
        },
      },
      async (request, reply) => {
        const file = await uploadedFile(request);
        try {
          const record = await jobs.run(file.filename, withinLimit(file.file), optionsFrom(request.query));
          return reply.status(201).send({ import: record });
        } catch (error) {
          // What the engine did not read must still be taken off the socket for the answer to reach the client.
          file.file.resume();
          if (error instanceof ImportOptionsError) throw optionsError(error);
          if (error instanceof CsvImportError) throw invalidCsv(error);
          if (error instanceof FileTooLargeError) {
            throw new ApiError(413, 'file_too_large', `the file is larger than ${maxBytes} bytes; nothing was stored`, {
              maxBytes,
            });
          }
          throw error;
        }
      },
    );

    app.post(
      '/imports/preview',
      {
        schema: {
          summary: 'What importing a file would do, from its first bytes: columns, first rows, timeframe, problems',
          description: `Reads the first ${PREVIEW_BYTES} bytes of the field \`${FILE_FIELD}\`; stores nothing.`,
          tags: [IMPORTS_TAG.name],
          consumes: ['multipart/form-data'],
          querystring: ImportQuerySchema,
          response: { 200: ImportPreviewSchema, 400: ErrorSchema },
        },
      },
      async (request) => {
        const file = await uploadedFile(request);
        const head: Buffer[] = [];
        let length = 0;
        // The first bytes are all a preview needs: the rest of the upload is read and dropped.
        for await (const chunk of file.file as AsyncIterable<Buffer>) {
          head.push(chunk);
          length += chunk.length;
          if (length >= PREVIEW_BYTES) break;
        }
        file.file.resume();
        try {
          return previewCsv(Buffer.concat(head).subarray(0, PREVIEW_BYTES), optionsFrom(request.query));
        } catch (error) {
          if (error instanceof ImportOptionsError) throw optionsError(error);
          throw error;
        }
      },
    );

    app.get(
      '/imports',
      {
        schema: {
          summary: 'Recent imports, running ones first, then the last 50 finished (done or failed), newest first',
          tags: [IMPORTS_TAG.name],
          response: { 200: ImportListSchema },
        },
      },
      async () => ({ imports: await jobs.list() }),
    );
  };
