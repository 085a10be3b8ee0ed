import { describe, expect, it } from "vitest";
import { roleFromMaidCentral } from "./role";

describe("roleFromMaidCentral", () => {
  it("maps MaidCentral roles, the highest winning, never to superadmin", () => {
    expect(roleFromMaidCentral(["Group Administrator", "Administrator", "Employee"])).toBe(
      "group_admin",
    );
    expect(roleFromMaidCentral(["Employee", "Administrator"])).toBe("admin");
    expect(roleFromMaidCentral(["Office", "Employee"])).toBe("admin");
    expect(roleFromMaidCentral([" office "])).toBe("admin");
    expect(roleFromMaidCentral(["Employee"])).toBe("technician");
    expect(roleFromMaidCentral([])).toBe("technician");
    expect(roleFromMaidCentral(["superadmin", "Super Administrator"])).toBe("technician");
  });
});
