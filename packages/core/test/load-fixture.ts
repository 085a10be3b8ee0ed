import { readFileSync } from "node:fs";

/** Tests read fixtures from disk; core itself never touches the filesystem. */
export function loadFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));
}

/** The `Result` of a fixture that carries the MaidCentral envelope. */
export function loadResult(name: string): unknown {
  const body = loadFixture(name);
  if (body !== null && typeof body === "object" && "Result" in body) return body.Result;
  throw new Error(`fixture ${name} has no Result`);
}
