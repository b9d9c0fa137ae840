// The few error types svc has, mapped to exit codes in one place (src/cli.ts):
// 0 ok · 1 the records are wrong or the action is refused · 2 usage or environment error.

export class SvcError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The action is refused by a rule (role, state, regulation) or the records are invalid. */
export class Refused extends SvcError {
  constructor(message: string, hint?: string) {
    super(message, 1, hint);
  }
}

/** Bad flags or arguments, or the environment is unusable (no repository, no git identity…). */
export class UsageError extends SvcError {
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}
