// The key-chain table as the dashboard, the region page and the wall show it.
import type { ChainSummary } from "./api/types";
import type { Column } from "./components/table";
import { t } from "./i18n";

/**
 * `scope`: counts within the caller's scope (the summary's own); `region`: member counts of one
 * region, where the province-wide chain-master and chain-core counts would mislead, so they are
 * left out.
 */
export function chainColumns(counts: "scope" | "region" = "scope"): Column<ChainSummary>[] {
  const columns: Column<ChainSummary>[] = [
    { key: "code", label: t("chain.code"), value: (c) => c.code, sort: "code" },
    { key: "name", label: t("chain.name"), value: (c) => c.name, sort: "name", to: (c) => `/chains/${c.code}` },
    { key: "nodes", label: t("chain.nodes"), value: (c) => c.node_count, numeric: true, sort: "nodes" },
    {
      key: "enterprises",
      label: counts === "region" ? t("region.chainMembers") : t("chain.enterprises"),
      value: (c) => c.enterprise_count,
      numeric: true,
      sort: "enterprises",
    },
  ];
  if (counts === "region") return columns;
  return [
    ...columns,
    { key: "masters", label: t("chain.masters"), value: (c) => c.chain_master_count, numeric: true, sort: "masters" },
    { key: "cores", label: t("chain.cores"), value: (c) => c.chain_core_count, numeric: true, sort: "cores" },
  ];
}
