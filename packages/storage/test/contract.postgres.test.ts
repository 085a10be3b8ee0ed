import { afterAll, beforeAll, describe } from "vitest";
import { dbContract } from "./contract/db-contract";
import { metadataContract } from "./contract/metadata-contract";
import { queueContract } from "./contract/queue-contract";
import { type ContractTarget, openPostgresTarget } from "./support/databases";

describe("contract on PostgreSQL", () => {
  let target: ContractTarget | undefined;
  const current = () => {
    if (target === undefined) throw new Error("database not open");
    return target;
  };
  beforeAll(async () => {
    target = await openPostgresTarget("contract");
  });
  afterAll(async () => {
    await target?.close();
  });
  dbContract(current);
  queueContract(current);
  metadataContract(current);
});
