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

/**
 * cdktf 0.21 (its last release) calls `util.isArray`, which Node 22 deprecates
 * at run time (DEP0044): one warning line on stderr per process, which
 * `cdktf synth` shows as an error and our tests read as output. Our commands
 * drop that one warning; every other warning is still printed.
 */
export function quietOnCdktfDeprecation(): void {
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((...args: unknown[]) => {
    // emitWarning(warning, type, code) or emitWarning(warning, { type, code }).
    const code = typeof args[1] === "object" && args[1] !== null ? (args[1] as { code?: unknown }).code : args[2];
    if (code === "DEP0044") return;
    emit(...args);
  }) as typeof process.emitWarning;
}
