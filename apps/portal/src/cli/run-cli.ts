import { parseArgs } from "node:util";
import { EnvError, isBackupPortalError, noopLogger, systemClock } from "@backup-portal/core";
import { ConfigError, openStorage } from "@backup-portal/storage/runtime";
import { loadPortalEnv } from "../env";
import { type CliDependencies, type CliIo, withStores } from "./cli-context";
import { CliFailure, UsageError } from "./cli-errors";
import { companiesCommand } from "./companies-command";
import { jobsCommand } from "./jobs-command";
import { statusCommand } from "./status-command";
import { syncCommand } from "./sync-command";
import { tokenCommand } from "./token-command";
import { usersCommand } from "./users-command";

export const CLI_HELP = `usage: portal <command> [options]

  status [--json]                          freshness per company, queue, last 24 h of jobs
  sync [--company ID] [--wait] [--json]    run the coordinator now (not spread)
  companies list | enable ID | disable ID  ID is the portal uuid or the ServiceCompanyId
  users list [--company ID] [--json]
  grant-superadmin EMAIL
  jobs failed [--company ID] [--json]
  jobs retry --failed [--company ID]       enqueue the failed jobs' days again
  token --user ID|EMAIL [--ttl 1h]         access token (embedded mode only)

Configuration comes from the same environment as \`npm start\` (DATA_DIR, DATABASE_URL, …).
On embedded defaults the running portal holds DATA_DIR: \`sync\` then goes through its
POST /hourly-sync; other commands ask you to stop it. Exit codes: 0 ok, 1 failure, 2 usage.`;

export interface RunCliOptions {
  io: CliIo;
  env?: Record<string, string | undefined>;
  clock?: CliDependencies["clock"];
  fetch?: typeof fetch;
  openStorage?: CliDependencies["openStorage"];
}

/** Runs one CLI command; resolves to the exit code. Errors become one line on stderr. */
export async function runCli(argv: readonly string[], options: RunCliOptions): Promise<number> {
  const { io } = options;
  try {
    return await dispatch(argv, options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.err(`portal: ${message}`);
      io.err("run `portal --help` for the commands");
      return 2;
    }
    const known =
      error instanceof CliFailure ||
      error instanceof EnvError ||
      error instanceof ConfigError ||
      isBackupPortalError(error);
    io.err(`portal: ${known ? message : `unexpected error: ${message}`}`);
    return 1;
  }
}

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

async function dispatch(argv: readonly string[], options: RunCliOptions): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean", short: "h" },
      json: { type: "boolean" },
      company: { type: "string" },
      wait: { type: "boolean" },
      failed: { type: "boolean" },
      user: { type: "string" },
      ttl: { type: "string" },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    options.io.out(CLI_HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  const allowed: Record<string, ReadonlyArray<keyof typeof values>> = {
    status: ["json"],
    sync: ["company", "wait", "json"],
    companies: ["json"],
    users: ["company", "json"],
    "grant-superadmin": [],
    jobs: ["company", "failed", "json"],
    token: ["user", "ttl"],
  };
  const accepted = allowed[command];
  if (accepted === undefined) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  for (const key of Object.keys(values) as Array<keyof typeof values>) {
    if (values[key] !== undefined && !accepted.includes(key)) {
      throw new UsageError(`${command} does not take --${key}`);
    }
  }
  const deps: CliDependencies = {
    env: loadPortalEnv(options.env ?? {}),
    io: options.io,
    clock: options.clock ?? systemClock,
    logger: noopLogger,
    fetch: options.fetch ?? fetch,
    openStorage: options.openStorage ?? openStorage,
  };
  const json = values.json === true;
  switch (command) {
    case "status":
      if (rest.length > 0) throw new UsageError("usage: portal status [--json]");
      await statusCommand(deps, json);
      return 0;
    case "sync":
      if (rest.length > 0) throw new UsageError("usage: portal sync [--company ID] [--wait]");
      return syncCommand(deps, { company: values.company, wait: values.wait === true, json });
    case "companies":
      await companiesCommand(deps, rest, json);
      return 0;
    case "users":
      if (rest.length !== 1 || rest[0] !== "list")
        throw new UsageError("usage: portal users list [--company ID]");
      await usersCommand(deps, values.company, json);
      return 0;
    case "grant-superadmin": {
      const [email, ...extra] = rest;
      if (email === undefined || extra.length > 0 || !email.includes("@"))
        throw new UsageError("usage: portal grant-superadmin EMAIL");
      const { userIds } = await withStores(deps, ({ metadata }) => metadata.grantSuperadmin(email));
      options.io.out(`${email}: superadmin (${userIds.join(", ")})`);
      return 0;
    }
    case "jobs":
      return jobsCommand(deps, rest, {
        company: values.company,
        failed: values.failed === true,
        json,
      });
    default:
      if (rest.length > 0) throw new UsageError("usage: portal token --user ID|EMAIL [--ttl 1h]");
      await tokenCommand(deps, values.user, values.ttl);
      return 0;
  }
}
