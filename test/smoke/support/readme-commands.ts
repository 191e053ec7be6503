/**
 * The commands a reader of the README is told to run: every line of its `sh` code blocks (a line ending
 * in `\` continues on the next; comments dropped) and every command in its Scripts table. The smoke test
 * runs each and then checks that none was left out, so the README cannot promise a command nobody runs.
 */
export interface ReadmeCommands {
  /** The first code block: the set-up a newcomer does on a fresh machine. */
  setUp: string[];
  /** Every sh block, in order, each as its list of commands. */
  blocks: string[][];
  /** The Scripts table's first column. */
  scripts: string[];
}

export function readmeCommands(readme: string): ReadmeCommands {
  const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map(([, body]) => commandsIn(body!));
  const scriptsSection = /^## Scripts\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const scripts = [...scriptsSection.matchAll(/^\| `([^`]+)` +\|/gm)].map(([, command]) => command!);
  return { setUp: blocks[0] ?? [], blocks, scripts };
}

function commandsIn(block: string): string[] {
  const commands: string[] = [];
  let pending = '';
  for (const line of block.split('\n')) {
    pending += pending ? `\n${line}` : line;
    if (line.endsWith('\\') || openQuote(pending)) continue;
    const command = withoutComment(pending).trim();
    if (command) commands.push(command);
    pending = '';
  }
  return commands;
}

/** True while a single-quoted string spans lines (the JSON bodies of the curl examples). */
function openQuote(text: string): boolean {
  return (text.replace(/"[^"]*"/g, '').match(/'/g)?.length ?? 0) % 2 === 1;
}

/** Drops a trailing `# comment` outside quotes, as the shell would. */
function withoutComment(command: string): string {
  let quote: string | undefined;
  for (let index = 0; index < command.length; index++) {
    const char = command[index]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(command[index - 1]!))) {
      return command.slice(0, index);
    }
  }
  return command;
}
