// Log lines for a person at a terminal: pino's JSON records turned into one short line each
// (time, level, message, the fields that matter), and a message that repeats one of the last
// few lines rewritten in place with a count, so that a source retrying every second shows one
// line that counts its attempts instead of filling the screen. Used when stderr is a terminal or `--log-format pretty`.

/** Where the lines go: stderr, or a capture in tests. */
export interface LogOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
/** Fields every record has, or that say nothing to a person reading the terminal. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'app', 'msg']);

interface TailLine {
  key: string | undefined;
  text: string;
  count: number;
}

/** How many distinct messages at the bottom of the screen are kept up to date in place. */
const TAIL_LINES = 4;

export class PrettyLogStream {
  /**
   * The last lines written, when all are distinct messages: a record repeating one of them
   * rewrites these lines with its count rather than adding one (two sources retrying in turn,
   * e.g. the WebSocket and REST of Binance, stay two lines).
   */
  private tail: TailLine[] = [];

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
      this.tail = [];
    }
  }

  private writeLine(text: string, key: string | undefined): void {
    const repeated = this.out.isTTY === true && key !== undefined ? this.tail.find((l) => l.key === key) : undefined;
    if (repeated) {
      const rows = this.tail.reduce((sum, line) => sum + this.rowsOf(render(line)), 0);
      repeated.text = text;
      repeated.count++;
      // Up to the first tail line, clear to the end of the screen, write the tail again.
      this.out.write(`\x1b[${rows}F\x1b[J${this.tail.map((line) => `${render(line)}\n`).join('')}`);
      return;
    }
    this.out.write(`${text}\n`);
    if (key === undefined || this.tail.length >= TAIL_LINES) this.tail = [];
    this.tail.push({ key, text, count: 1 });
  }

  private rowsOf(line: string): number {
    const columns = this.out.columns ?? 0;
    return columns > 0 ? Math.max(1, Math.ceil(line.length / columns)) : 1;
  }
}

function render(line: TailLine): string {
  return line.count > 1 ? `${line.text}  (${line.count} times)` : line.text;
}

function quote(text: string): string {
  return /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}
