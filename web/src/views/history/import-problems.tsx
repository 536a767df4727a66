// The rows the server refused, by line and column, so the file can be fixed before anything is
// stored (an import with any bad row stores nothing).
import type { CsvProblem } from '../../api/data-types.ts';

export function ImportProblems({ problems, message }: { problems: readonly CsvProblem[]; message: string }) {
  return (
    <div className="import-problems" role="alert">
      <p className="form-error">{message}</p>
      {problems.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact" aria-label="Problems in the file">
            <thead>
              <tr>
                <th scope="col" className="right">
                  Line
                </th>
                <th scope="col">Column</th>
                <th scope="col">Value</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((problem) => (
                <tr key={`${problem.line}:${problem.column}:${problem.message}`}>
                  <td className="right num">{problem.line}</td>
                  <td>{problem.column ?? '—'}</td>
                  <td className="num">{problem.value !== null ? JSON.stringify(problem.value) : '—'}</td>
                  <td>{problem.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
