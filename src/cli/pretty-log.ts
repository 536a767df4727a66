// Log lines for a person at a terminal: pino's JSON records turned into one short line each
// (time, level, message, the fields that matter), and a message repeated back to back rewritten
// in place with a count, so that a source retrying every second shows one line that counts its
// attempts instead of filling the screen. Used when stderr is a terminal or `--log-format pretty`.

/** Where the lines go: stderr, or a capture in tests. */
export interface LogOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
/** Fields every record has, or that say nothing to a person reading the terminal. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'app', 'msg']);

interface Repeat {
  key: string;
  count: number;
  /** Terminal rows the last written line took, so that it can be overwritten. */
  rows: number;
}

export class PrettyLogStream {
  private last: Repeat | undefined;

  constructor(
    private readonly out: LogOutput,
    /** Error stacks are printed only when asked for (e.g. at debug level). */
    private readonly showStacks = false,
  ) {}

  /** pino calls this with one JSON record per call, newline-terminated. */
  write(record: string): void {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(record);
    } catch {
      this.writeLine(record.trimEnd(), undefined);
      return;
    }
    const level = Number(parsed.level);
    const msg = String(parsed.msg ?? '');
    const time = new Date(typeof parsed.time === 'number' ? parsed.time : Date.now()).toTimeString().slice(0, 8);
    const fields: string[] = [];
    let stack: string | undefined;
    for (const [key, value] of Object.entries(parsed)) {
      if (HIDDEN.has(key) || value === undefined) continue;
      if (key === 'err' && typeof value === 'object' && value !== null) {
        const err = value as { message?: string; stack?: string };
        fields.push(`err=${quote(err.message ?? JSON.stringify(value))}`);
        if (this.showStacks) stack = err.stack;
        continue;
      }
      fields.push(`${key}=${typeof value === 'string' ? quote(value) : JSON.stringify(value)}`);
    }
    const text = `${time} ${LEVELS[level] ?? String(level)} ${msg}${fields.length > 0 ? `  ${fields.join(' ')}` : ''}`;
    this.writeLine(text, `${level}|${msg}`);
    if (stack !== undefined) {
      this.out.write(`${stack}\n`);
      this.last = undefined;
    }
  }

  private writeLine(text: string, key: string | undefined): void {
    const collapse = this.out.isTTY === true && key !== undefined && this.last?.key === key;
    if (collapse && this.last) {
      this.last.count++;
      const line = `${text}  (${this.last.count} times)`;
      // Up to the start of the previous line, clear to the end of the screen, write it again.
      this.out.write(`\x1b[${this.last.rows}F\x1b[J${line}\n`);
      this.last.rows = this.rowsOf(line);
      return;
    }
    this.out.write(`${text}\n`);
    this.last = key === undefined ? undefined : { key, count: 1, rows: this.rowsOf(text) };
  }

  private rowsOf(line: string): number {
    const columns = this.out.columns ?? 0;
    return columns > 0 ? Math.max(1, Math.ceil(line.length / columns)) : 1;
  }
}

function quote(text: string): string {
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}
