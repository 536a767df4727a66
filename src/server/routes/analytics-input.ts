// Turning validated query strings into analytics inputs, with 400s that name the field, the
// value and what is allowed.
import { ParamError, resolvePairParams, type PairParams } from '../../analytics/params.js';
import type { ServerContext } from '../context.js';
import { ApiError, badRequest } from '../errors.js';
import { requireKnownInstruments } from '../known-instruments.js';
import { resolveInstrument } from './market-data.js';

export function paramError(error: unknown): unknown {
  if (error instanceof ParamError) {
    return badRequest(error.message, { field: error.field, value: error.value, allowed: error.allowed });
  }
  return error;
}

export function pairParamsFrom(query: Partial<PairParams>): PairParams {
  try {
    return resolvePairParams(query);
  } catch (error) {
    throw paramError(error);
  }
}

export function resolveField(ctx: ServerContext, raw: string, field: string): string {
  try {
    return resolveInstrument(ctx, raw);
  } catch (error) {
    if (error instanceof ApiError) throw badRequest(error.message, { field, value: raw });
    throw error;
  }
}

/** A known instrument's id; 404 `unknown_instrument` for one never streamed nor stored. */
export async function resolveKnownField(ctx: ServerContext, raw: string, field: string): Promise<string> {
  const id = resolveField(ctx, raw, field);
  await requireKnownInstruments(ctx, [{ field, value: raw, id }]);
  return id;
}

/** Both legs, distinct and known (a 404 names every unknown leg at once). */
export async function resolveKnownPairLegs(
  ctx: ServerContext,
  rawX: string,
  rawY: string,
): Promise<{ x: string; y: string }> {
  const legs = resolvePairLegs(ctx, rawX, rawY);
  await requireKnownInstruments(ctx, [
    { field: 'x', value: rawX, id: legs.x },
    { field: 'y', value: rawY, id: legs.y },
  ]);
  return legs;
}

export function resolvePairLegs(ctx: ServerContext, rawX: string, rawY: string): { x: string; y: string } {
  const x = resolveField(ctx, rawX, 'x');
  const y = resolveField(ctx, rawY, 'y');
  if (x === y)
    throw badRequest(`x and y are the same instrument (${x})`, {
      field: 'y',
      value: rawY,
      allowed: 'an instrument other than x',
    });
  return { x, y };
}

/** A comma-separated list of distinct known instruments, between `min` and `max` of them. */
export async function instrumentList(ctx: ServerContext, raw: string, min: number, max: number): Promise<string[]> {
  const listed = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((value) => ({ field: 'instruments', value, id: resolveField(ctx, value, 'instruments') }));
  const ids = [...new Set(listed.map((l) => l.id))];
  if (ids.length < min || ids.length > max) {
    throw badRequest(`instruments must list ${min} to ${max} distinct instruments, got ${ids.length}`, {
      field: 'instruments',
      value: raw,
      allowed: `${min}-${max} comma-separated instruments`,
    });
  }
  await requireKnownInstruments(ctx, listed);
  return ids;
}

export function checkRange(from: number | undefined, to: number | undefined): void {
  if (from !== undefined && to !== undefined && from >= to) {
    throw badRequest(`"from" (${from}) must be before "to" (${to})`, {
      field: 'from',
      value: from,
      allowed: `< to (${to})`,
    });
  }
}

export function analyticsUnavailable(): ApiError {
  return new ApiError(503, 'analytics_unavailable', 'live analytics are not running in this process', null);
}
