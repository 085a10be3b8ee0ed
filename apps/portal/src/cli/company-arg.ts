import type { Company, MetadataStore } from "@backup-portal/storage";
import { CliFailure } from "./cli-errors";

/** A company by portal uuid or MaidCentral ServiceCompanyId. */
export async function findCompany(metadata: MetadataStore, key: string): Promise<Company> {
  const company = await metadata.getCompany(key);
  if (!company)
    throw new CliFailure(`no company has the id or ServiceCompanyId ${JSON.stringify(key)}`);
  return company;
}
