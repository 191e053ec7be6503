/**
 * The child's side of `spawnTypeScript`: runs `close` once, then exits (1 if it failed), when the bench
 * closes our stdin (so a child cannot outlive the bench) or on SIGTERM/SIGINT. Not in child-process.ts,
 * whose imports would bring the bench's own exit handlers into the child.
 */
export function stopWhenAsked(name: string, close: () => Promise<unknown>): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    close().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`${name}: error while stopping: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
