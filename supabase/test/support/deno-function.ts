import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const deno = join(import.meta.dirname, "..", "..", "node_modules", ".bin", "deno");

export interface RunningFunction {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs one bundled Edge Function under Deno on an ephemeral loopback port, offline: `--no-remote`
 * and `--no-npm` make any import that is not a `node:` built-in fail instead of fetching.
 */
export async function startDenoFunction(
  file: string,
  env: Record<string, string>,
  options: { denoDir: string; startTimeoutMs?: number },
): Promise<RunningFunction> {
  const child = spawn(
    deno,
    [
      "run",
      "--no-prompt",
      "--no-config",
      "--no-remote",
      "--no-npm",
      "--allow-env",
      "--allow-net",
      "--allow-read",
      file,
    ],
    {
      env: {
        PATH: process.env.PATH ?? "",
        DENO_DIR: options.denoDir,
        DENO_NO_UPDATE_CHECK: "1",
        NO_COLOR: "1",
        PORT: "0",
        HOST: "127.0.0.1",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const stop = () => stopChild(child);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${file} did not start listening:\n${output}`)),
        options.startTimeoutMs ?? 20_000,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"port":(\d+),"msg":"listening"/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${file} exited with ${code} before listening:\n${output}`));
      });
    });
    return { url: `http://127.0.0.1:${port}`, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
