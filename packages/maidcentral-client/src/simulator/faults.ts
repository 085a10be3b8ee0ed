import { unitFor } from "./prng";

/** Everything the simulator can do wrong to a request, by name. */
export type SimFault =
  | "server500"
  | "server503"
  | "rateLimited"
  | "hang"
  | "truncated"
  | "malformed"
  | "unsuccessful"
  | "drift"
  | "unauthorized";

/** Share (0..1) of API requests that get each fault; at most one fault per request. */
export type FaultShares = Partial<Record<Exclude<SimFault, "unauthorized">, number>>;

const ORDER: ReadonlyArray<Exclude<SimFault, "unauthorized">> = [
  "server500",
  "server503",
  "rateLimited",
  "hang",
  "truncated",
  "malformed",
  "unsuccessful",
  "drift",
];

/**
 * Picks the fault for the n-th request to an endpoint from a seeded draw, so a run with the
 * same seed and request order sees the same faults.
 */
export function drawFault(
  shares: FaultShares,
  seed: string | number,
  endpoint: string,
  sequence: number,
): SimFault | undefined {
  const draw = unitFor(seed, "fault", endpoint, sequence);
  let cumulative = 0;
  for (const fault of ORDER) {
    cumulative += shares[fault] ?? 0;
    if (draw < cumulative) return fault;
  }
  return undefined;
}
