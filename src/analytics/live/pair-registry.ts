// The configured live pairs: added and removed at runtime, saved in the store's settings and
// restored at start. Until the list has been saved once, start-up uses the default pairs.
import { isTimeframe, type Timeframe } from '../../domain/index.js';
import type { SettingsStore } from './ports.js';
import { ParamError, pairId, resolvePairParams, sameParams, type PairConfig, type PairParams } from '../params.js';

export const PAIRS_SETTING = 'analytics.pairs';

export interface PairRequest {
  x: string;
  y: string;
  timeframe: Timeframe;
  params?: Partial<PairParams>;
}

export class PairConflictError extends Error {
  constructor(
    readonly id: string,
    readonly existing: PairParams,
  ) {
    super(`pair ${id} is already live with other parameters; DELETE /api/v1/pairs/${encodeURIComponent(id)} first`);
    this.name = 'PairConflictError';
  }
}

export interface RegistryHooks {
  create(config: PairConfig): Promise<unknown>;
  remove(id: string): void;
}

/** Validates a pair request (instruments must already be normalized `venue:SYMBOL`). */
export function pairConfigOf(request: PairRequest): PairConfig {
  if (!isTimeframe(request.timeframe))
    throw new ParamError('timeframe', request.timeframe, 'one of 1s, 1m, 5m, 15m, 1h, 4h, 1d');
  if (request.x === request.y) throw new ParamError('y', request.y, 'an instrument other than x');
  return { x: request.x, y: request.y, timeframe: request.timeframe, params: resolvePairParams(request.params) };
}

export class PairRegistry {
  private readonly configs = new Map<string, PairConfig>();
  /** Serializes changes so that the saved list always matches the live one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: SettingsStore,
    private readonly hooks: RegistryHooks,
  ) {}

  list(): PairConfig[] {
    return [...this.configs.values()];
  }

  get(id: string): PairConfig | undefined {
    return this.configs.get(id);
  }

  async restore(defaults: readonly PairRequest[], onInvalid: (error: unknown, entry: unknown) => void): Promise<void> {
    const saved = await this.store.getSetting<PairRequest[]>(PAIRS_SETTING);
    const entries = Array.isArray(saved) ? saved : defaults;
    for (const entry of entries) {
      try {
        const config = pairConfigOf(entry);
        const id = pairId(config);
        if (this.configs.has(id)) continue;
        this.configs.set(id, config);
        await this.hooks.create(config);
      } catch (error) {
        onInvalid(error, entry);
      }
    }
  }

  /** Adds a pair; the same pair with the same parameters again is not an error. */
  add(request: PairRequest): Promise<{ config: PairConfig; created: boolean }> {
    return this.serialize(async () => {
      const config = pairConfigOf(request);
      const id = pairId(config);
      const existing = this.configs.get(id);
      if (existing !== undefined) {
        if (sameParams(existing.params, config.params)) return { config: existing, created: false };
        throw new PairConflictError(id, existing.params);
      }
      this.configs.set(id, config);
      await this.save();
      await this.hooks.create(config);
      return { config, created: true };
    });
  }

  remove(id: string): Promise<boolean> {
    return this.serialize(async () => {
      if (!this.configs.delete(id)) return false;
      this.hooks.remove(id);
      await this.save();
      return true;
    });
  }

  private save(): Promise<void> {
    return this.store.setSetting(
      PAIRS_SETTING,
      this.list().map(({ x, y, timeframe, params }) => ({ x, y, timeframe, params })),
    );
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
