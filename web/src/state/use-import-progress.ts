// The server's progress of the imports into one instrument, from the `imports` channel, while
// `instrument` is set; the newest message wins.
import { useEffect, useState } from 'react';
import type { ImportProgress } from '../api/data-types.ts';
import { useSocket } from './socket-context.ts';

export function useImportProgress(instrument: string | null): ImportProgress | null {
  const socket = useSocket();
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!instrument) return;
    return socket.subscribe('imports', (data) => {
      if (data.instrument === instrument) setProgress(data);
    });
  }, [socket, instrument]);
  return progress;
}
