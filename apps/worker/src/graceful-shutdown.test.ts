import { EventEmitter } from "node:events";
import { noopLogger } from "@backup-portal/core";
import { describe, expect, it } from "vitest";
import { installGracefulShutdown } from "./graceful-shutdown";

/** A runner whose stop resolves when the test says so, recording what it was asked. */
function fakeRunner() {
  const calls: Array<{ graceMs: number | undefined }> = [];
  let release: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    calls,
    finishJobs: () => release(),
    runner: {
      inFlight: () => 2,
      stop: async (options?: { graceMs?: number }) => {
        calls.push({ graceMs: options?.graceMs });
        await stopped;
      },
    },
  };
}

function setup(overrides: { beforeExit?: () => Promise<void>; stopFails?: boolean } = {}) {
  const source = new EventEmitter();
  const fake = fakeRunner();
  const exits: number[] = [];
  const order: string[] = [];
  const runner = overrides.stopFails
    ? { inFlight: () => 0, stop: async () => Promise.reject(new Error("db gone")) }
    : fake.runner;
  const handle = installGracefulShutdown({
    runner,
    graceMs: 1_234,
    logger: noopLogger,
    onExit: (code) => {
      order.push(`exit ${code}`);
      exits.push(code);
    },
    source,
    beforeExit:
      overrides.beforeExit ??
      (async () => {
        order.push("beforeExit");
      }),
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { source, fake, exits, order, handle, settle };
}

describe("installGracefulShutdown", () => {
  it("on SIGTERM stops the runner with the grace period, waits for it, closes, then exits 0", async () => {
    const { source, fake, exits, order, settle } = setup();
    source.emit("SIGTERM");
    await settle();
    expect(fake.calls).toEqual([{ graceMs: 1_234 }]);
    // In-flight jobs are still running: nothing closed, no exit yet.
    expect(order).toEqual([]);
    fake.finishJobs();
    await settle();
    await settle();
    expect(order).toEqual(["beforeExit", "exit 0"]);
    expect(exits).toEqual([0]);
  });

  it("SIGINT works the same way", async () => {
    const { source, fake, exits, settle } = setup();
    source.emit("SIGINT");
    fake.finishJobs();
    await settle();
    await settle();
    expect(fake.calls).toHaveLength(1);
    expect(exits).toEqual([0]);
  });

  it("a second signal exits at once with 1, and the first shutdown does not exit again", async () => {
    const { source, fake, exits, order, settle } = setup();
    source.emit("SIGTERM");
    await settle();
    source.emit("SIGINT");
    expect(exits).toEqual([1]);
    fake.finishJobs();
    await settle();
    await settle();
    expect(exits).toEqual([1]);
    expect(fake.calls).toHaveLength(1);
    // The listeners are gone after exiting; a later signal reaches Node's default handling.
    expect(source.listenerCount("SIGTERM")).toBe(0);
    expect(order).toContain("exit 1");
  });

  it("exits 1 when stopping the runner or closing resources fails, after still closing", async () => {
    const failing = setup({ stopFails: true });
    failing.source.emit("SIGTERM");
    await failing.settle();
    await failing.settle();
    expect(failing.order).toEqual(["beforeExit", "exit 1"]);

    const closing = setup({
      beforeExit: async () => {
        throw new Error("pool end failed");
      },
    });
    closing.source.emit("SIGTERM");
    closing.fake.finishJobs();
    await closing.settle();
    await closing.settle();
    expect(closing.exits).toEqual([1]);
  });

  it("shutdown() runs the same sequence once and resolves with the exit code", async () => {
    const { fake, exits, handle } = setup();
    const first = handle.shutdown("fatal error");
    const second = handle.shutdown("again");
    fake.finishJobs();
    expect(await first).toBe(0);
    expect(await second).toBe(0);
    expect(fake.calls).toHaveLength(1);
    expect(exits).toEqual([0]);
  });

  it("dispose removes the signal listeners", () => {
    const { source, handle } = setup();
    expect(source.listenerCount("SIGTERM")).toBe(1);
    handle.dispose();
    expect(source.listenerCount("SIGTERM")).toBe(0);
    expect(source.listenerCount("SIGINT")).toBe(0);
  });
});
