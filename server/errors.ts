// Typed HTTP errors and the one root error handler. A 4xx says what was wrong; a 5xx raised on purpose
// (an ApiError: a refusal such as NO_USERS) says why; any other 5xx says only
// "Internal Server Error" to the client and logs the real message, so nothing internal (paths, SQL,
// child identifiers) leaks into a response.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { lingerThenClose } from './linger.js';

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class NotFoundError extends ApiError {
  constructor(what: string) {
    super(404, 'NOT_FOUND', `${what} not found`);
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string) {
    super(400, 'BAD_REQUEST', message);
  }
}

export class UnauthorizedError extends ApiError {
  constructor(message: string) {
    super(401, 'UNAUTHORIZED', message);
  }
}

export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(403, 'FORBIDDEN', message);
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(message: string) {
    super(413, 'PAYLOAD_TOO_LARGE', message);
  }
}

export class RequestTimeoutError extends ApiError {
  constructor(message: string) {
    super(408, 'REQUEST_TIMEOUT', message);
  }
}

/** A request part that failed its zod schema; the message names each bad field. */
export class ValidationError extends ApiError {
  constructor(part: string, issues: readonly z.core.$ZodIssue[]) {
    super(400, 'VALIDATION', describeIssues(part, issues));
  }
}

function describeIssues(part: string, issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? `${part}.${issue.path.join('.')}` : part;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

interface ErrorWithReport {
  report?: unknown;
}

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
  // A body still arriving that nothing will read (a refused upload, say): after the answer, drop what
  // comes for a moment, then close (audit a12: an unauthenticated POST declaring 100 MB held its socket
  // for 30 s and more after the 401).
  // (Not by a `Connection: close` header: Node would then end the socket while the client is still
  // sending, and the client would see a reset, not the answer.)
  if (request.raw.complete === false) reply.raw.once('finish', () => lingerThenClose(request.raw));
  if (status >= 500 && error instanceof ApiError) {
    // A refusal on purpose (no users yet, too busy): it says why and what to do, with its code.
    void reply.status(status).send({ error: error.message, code: error.code });
    return;
  }
  if (status >= 500) {
    request.log.error({ err: error }, 'request failed');
    void reply.status(status).send({ error: 'Internal Server Error' });
    return;
  }
  const body: { error: string; report?: unknown } = { error: error.message };
  // A failed strict import carries the list of rejected rows (line, column, reason: no values).
  const report = (error as ErrorWithReport).report;
  if (report !== undefined) body.report = report;
  void reply.status(status).send(body);
}
