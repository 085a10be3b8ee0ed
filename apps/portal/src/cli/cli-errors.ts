/** Wrong arguments: exit code 2, with the usage line that fixes it. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** A command that could not do its work: exit code 1, one line. */
export class CliFailure extends Error {
  override readonly name = "CliFailure";
}
