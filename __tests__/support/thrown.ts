/**
 * What a call throws, as tests assert it: the error's class and its stable codes
 * (docs/errors.md), never its wording. The wording is free to improve; a code
 * or a class that changes is a change users' scripts see.
 */
export interface Thrown {
  /** The error's class, such as ConfigError or SynthesisError. */
  readonly error: string;
  /** Every problem's code (ConfigError, SynthesisError.of), or the error's one code; none for an error without. */
  readonly codes: readonly string[];
}

export function describeThrown(e: unknown): Thrown {
  if (!(e instanceof Error)) return { error: typeof e, codes: [] };
  const withCodes = e as Error & { codes?: unknown; code?: unknown };
  const codes = Array.isArray(withCodes.codes) ? (withCodes.codes as string[]) : typeof withCodes.code === "string" ? [withCodes.code] : [];
  return { error: e.constructor.name, codes: [...codes] };
}

/** The class and codes of what `run` throws; fails the test when it throws nothing. */
export function thrown(run: () => unknown): Thrown {
  try {
    run();
  } catch (e) {
    return describeThrown(e);
  }
  throw new Error("expected an error, and nothing was thrown");
}

/** The class and codes of the promise's rejection; fails the test when it resolves. */
export async function rejected(promise: Promise<unknown>): Promise<Thrown> {
  try {
    await promise;
  } catch (e) {
    return describeThrown(e);
  }
  throw new Error("expected a rejection, and the promise resolved");
}

/** The error of class `type` that `run` throws, to read its problems; any other error is rethrown, and nothing thrown fails the test. */
export function thrownOf<E extends Error>(type: new (...args: never[]) => E, run: () => unknown): E {
  try {
    run();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}, and nothing was thrown`);
}
