import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { StorageError } from "./storage-error";

/**
 * A secret kept in the embedded data directory (`{dataDir}/secrets/{name}`, mode 0600): generated
 * once, the same on every restart, never printed.
 */
export async function loadOrCreateSecret(dataDir: string, name: string): Promise<string> {
  if (!/^[a-z0-9_-]+$/i.test(name))
    throw new TypeError(`invalid secret name ${JSON.stringify(name)}`);
  const dir = join(dataDir, "secrets");
  const file = join(dir, name);
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing?.trim()) return existing.trim();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString("base64url");
  try {
    // "wx": if another process created it meanwhile, theirs wins and we read it.
    await writeFile(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return (await readFile(file, "utf8")).trim();
  }
}

/** Data directories this process holds, so a same-pid lock left by a crashed container is stale. */
const heldHere = new Set<string>();

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * PGlite is single-process: a second process opening the same data directory would corrupt it.
 * The lock file holds the owner's pid; a lock whose process is gone is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, "portal.lock");
  const key = resolve(dataDir);
  if (heldHere.has(key)) {
    throw new StorageError(
      "DATA_DIR_LOCKED",
      `DATA_DIR ${dataDir} is already open in this process. The embedded database is single-process.`,
      { context: { dataDir } },
    );
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldHere.add(key);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          heldHere.delete(key);
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt((await readFile(file, "utf8").catch(() => "")).trim(), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new StorageError(
          "DATA_DIR_LOCKED",
          `Another Backup Portal process (pid ${owner}) is using DATA_DIR ${dataDir}. The embedded database is single-process: stop that one, or start this one with another DATA_DIR.`,
          { context: { dataDir, pid: owner } },
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new StorageError("DATA_DIR_LOCKED", `Could not lock DATA_DIR ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
