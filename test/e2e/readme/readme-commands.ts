// The shell commands of README.md as a reader would paste them: every line of every ```sh block (a command
// continues while a quote is open or the line ends in a backslash), except blocks right after a
// `<!-- readme-test: skip … -->` comment, which must say why.

export interface ReadmeCommand {
  /** 1-based line of README.md where the command starts. */
  line: number;
  text: string;
}

export interface SkippedBlock {
  line: number;
  reason: string;
}

const SKIP = /^<!--\s*readme-test:\s*skip\b\s*[-—:]?\s*(.*?)\s*-->$/;

/** Whether a shell line leaves a quote open (or ends in a continuation backslash). */
function continues(text: string): boolean {
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (c === '\\') {
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      return false;
    }
  }
  return quote !== null || text.endsWith('\\');
}

export function readmeCommands(markdown: string): { commands: ReadmeCommand[]; skipped: SkippedBlock[] } {
  const lines = markdown.split('\n');
  const commands: ReadmeCommand[] = [];
  const skipped: SkippedBlock[] = [];
  let skipReason: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const skip = SKIP.exec(line);
    if (skip) {
      skipReason = skip[1]!;
      continue;
    }
    if (!line.startsWith('```')) {
      if (line !== '') skipReason = null;
      continue;
    }
    const shell = /^```(sh|bash|shell)\s*$/.test(line);
    const start = i;
    let pending: ReadmeCommand | null = null;
    for (i++; i < lines.length && !lines[i]!.trim().startsWith('```'); i++) {
      if (!shell || skipReason !== null) continue;
      const text = lines[i]!;
      if (pending) pending.text += `\n${text}`;
      else if (text.trim() !== '' && !text.trim().startsWith('#')) pending = { line: i + 1, text };
      if (pending && !continues(pending.text)) {
        commands.push(pending);
        pending = null;
      }
    }
    if (pending) throw new Error(`README.md:${pending.line}: the command never closes its quote`);
    if (shell && skipReason !== null) skipped.push({ line: start + 1, reason: skipReason });
    skipReason = null;
  }
  return { commands, skipped };
}
