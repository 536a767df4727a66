// The channels of one /ws request that were refused, collected so that the request gets one error
// per reason listing them (at most MAX_LISTED_REFUSALS, with the count of all) instead of one error
// per channel: a 60 KB request naming 20,000 bad channels used to get 20,000 errors (4.3 MB).
import { MAX_LISTED_REFUSALS, type RefusedChannel, type WsError } from './ws-schemas.js';

type RefusalCode = 'bad_channel' | 'too_many_channels';

/** Longest channel name and reason echoed back: a name can be nearly the 64 KiB of a frame. */
const MAX_ECHOED_CHANNEL = 200;
const MAX_ECHOED_REASON = 400;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

interface Refusals {
  count: number;
  limit?: number;
  listed: RefusedChannel[];
}

export class ChannelRefusals {
  private readonly byCode = new Map<RefusalCode, Refusals>();

  add(code: RefusalCode, channel: string, reason: string, limit?: number): void {
    let refusals = this.byCode.get(code);
    if (!refusals) this.byCode.set(code, (refusals = { count: 0, limit, listed: [] }));
    refusals.count++;
    if (refusals.listed.length < MAX_LISTED_REFUSALS) {
      refusals.listed.push({ channel: clip(channel, MAX_ECHOED_CHANNEL), reason: clip(reason, MAX_ECHOED_REASON) });
    }
  }

  /** Refuses every channel of a request for one reason (it names more channels than a request may). */
  addAll(code: RefusalCode, channels: readonly string[], reason: string, limit: number): void {
    this.byCode.set(code, {
      count: channels.length,
      limit,
      listed: channels.slice(0, MAX_LISTED_REFUSALS).map((channel) => ({
        channel: clip(channel, MAX_ECHOED_CHANNEL),
        reason: clip(reason, MAX_ECHOED_REASON),
      })),
    });
  }

  /** One error per reason, naming the first refusal and how many there were. */
  errors(): WsError[] {
    return [...this.byCode].map(([code, { count, limit, listed }]) => ({
      op: 'error',
      error: {
        code,
        message:
          count === 1
            ? listed[0].reason
            : `${count} channels refused (the first ${listed.length} in details.channels); ` +
              `the first: ${listed[0].reason}`,
        details: { count, ...(limit === undefined ? {} : { limit }), channels: listed },
      },
    }));
  }
}
