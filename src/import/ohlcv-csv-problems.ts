// What is wrong with an uploaded CSV, said so that the user can fix the file: the line (1 is the
// header), the column as the file names it, the value as it is written, and why. An import keeps
// the first problems by line and counts the rest, so a file that is wrong on every row still
// answers with a short list.

/** Problems listed in an error; the count says how many there were in all. */
export const MAX_LISTED_PROBLEMS = 20;

export interface CsvProblem {
  /** Line in the file, 1 for the header; 0 for a problem with the whole file (e.g. too few rows). */
  line: number;
  /** The column as named in the header (or the field, `time`, `high`, … when the file has none for it). */
  column: string | null;
  /** The value as written in the file; null when the problem is not about one value. */
  value: string | null;
  message: string;
}

/** `line 1043, column high: "12,5" is not a number`. */
export function describeProblem(problem: CsvProblem): string {
  const where = [problem.line > 0 ? `line ${problem.line}` : null, problem.column ? `column ${problem.column}` : null]
    .filter((part) => part !== null)
    .join(', ');
  const subject = problem.value === null ? problem.message : `${JSON.stringify(problem.value)} ${problem.message}`;
  return where === '' ? subject : `${where}: ${subject}`;
}

/** The problems with the lowest line numbers (found in any order) and how many there were. */
export class ProblemList {
  private readonly kept: CsvProblem[] = [];
  count = 0;

  add(problem: CsvProblem): void {
    this.count++;
    const kept = this.kept;
    if (kept.length === MAX_LISTED_PROBLEMS && problem.line >= kept[kept.length - 1].line) return;
    let at = kept.length;
    while (at > 0 && kept[at - 1].line > problem.line) at--;
    kept.splice(at, 0, problem);
    if (kept.length > MAX_LISTED_PROBLEMS) kept.pop();
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  list(): CsvProblem[] {
    return [...this.kept];
  }
}

/** The file cannot be imported: nothing was stored. */
export class CsvImportError extends Error {
  readonly code = 'invalid_csv';
  constructor(
    readonly problems: CsvProblem[],
    readonly problemCount: number,
  ) {
    const listed = problemCount > problems.length ? `, the first ${problems.length} listed` : '';
    const more = problemCount > 1 ? ` (${problemCount} problems in all${listed})` : '';
    const first = problems.length > 0 ? describeProblem(problems[0]) : 'the file cannot be imported';
    super(`${first}${more}; nothing was stored`);
    this.name = 'CsvImportError';
  }

  static from(list: ProblemList): CsvImportError {
    return new CsvImportError(list.list(), list.count);
  }
}

/** The options of an import (instrument, mapping, timeframe, …) are not usable: nothing was read. */
export class ImportOptionsError extends Error {
  readonly code = 'bad_import_options';
  constructor(
    readonly option: string,
    readonly value: string,
    reason: string,
  ) {
    super(`${option} ${JSON.stringify(value)}: ${reason}`);
    this.name = 'ImportOptionsError';
  }
}
