import { type CliDependencies, withStores } from "./cli-context";
import { UsageError } from "./cli-errors";
import { findCompany } from "./company-arg";
import { formatTable, formatWhen } from "./format-table";

/** `companies list | enable ID | disable ID`: enable turns both the portal and its sync on. */
export async function companiesCommand(
  deps: CliDependencies,
  positionals: string[],
  json: boolean,
): Promise<void> {
  const [action, key, ...extra] = positionals;
  if (action === "list" && key === undefined) {
    const companies = await withStores(deps, ({ metadata }) => metadata.listCompanies());
    if (json) {
      deps.io.out(JSON.stringify(companies, null, 2));
      return;
    }
    const now = deps.clock.now();
    deps.io.out(
      formatTable(
        ["ID", "SC ID", "NAME", "PORTAL", "SYNC", "ACTIVE", "TIME ZONE", "LAST SYNC"],
        companies.map((c) => [
          c.id,
          String(c.serviceCompanyId),
          c.name,
          c.portalEnabled ? "on" : "off",
          c.syncEnabled ? "on" : "off",
          c.isActive ? "yes" : "no",
          c.timeZone ?? "—",
          formatWhen(c.lastSyncedAt, now),
        ]),
      ),
    );
    return;
  }
  if ((action === "enable" || action === "disable") && key !== undefined && extra.length === 0) {
    const on = action === "enable";
    const company = await withStores(deps, async ({ metadata }) => {
      const found = await findCompany(metadata, key);
      await metadata.setCompanySettings(found.id, { portalEnabled: on, syncEnabled: on });
      return found;
    });
    deps.io.out(
      `${company.name} (${company.serviceCompanyId}): portal and sync ${on ? "enabled" : "disabled"}${on ? `; its days are fetched in the next run (\`portal sync --company ${company.serviceCompanyId}\` for now)` : ""}`,
    );
    return;
  }
  throw new UsageError("usage: portal companies list | enable ID | disable ID");
}
