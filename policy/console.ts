/**
 * The console of our commands (cli/run.ts). A reader that stops early (`npm run verify | head -1`)
 * closes the pipe; writing on is pointless, and Node's default for the EPIPE
 * error is to die with a stack trace. We stop writing, quietly.
 */
export function quietOnBrokenPipe(...streams: NodeJS.WritableStream[]): void {
  for (const stream of streams) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
    });
  }
}
