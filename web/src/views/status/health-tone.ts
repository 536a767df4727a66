// The colour class the dashboard gives each health status and reason severity.
import type { Health } from '../../api/types.ts';

export function healthTone(status: Health['status']): 'ok' | 'warn' | 'bad' {
  return status === 'ok' ? 'ok' : status === 'degraded' ? 'warn' : 'bad';
}
