// Enterprise list columns (the list page and the region page share them). Sort keys are the
// API's (`sort=name|uscc|region|industry|founded`).
import type { EnterpriseItem } from "./api/types";
import type { Column } from "./components/table";
import { t, type MessageKey } from "./i18n";

export function sizeLabel(size: string | null): string {
  return size ? t(`size.${size}` as MessageKey) : "—";
}

export function enterpriseColumns(): Column<EnterpriseItem>[] {
  return [
    { key: "name", label: t("enterprise.name"), value: (e) => e.name, sort: "name", to: (e) => `/enterprises/${e.uscc}` },
    { key: "uscc", label: t("enterprise.uscc"), value: (e) => e.uscc, sort: "uscc" },
    {
      key: "region",
      label: t("enterprise.region"),
      value: (e) => e.region_name,
      sort: "region",
      to: (e) => (e.region ? `/regions/${e.region}` : null),
    },
    {
      key: "industry",
      label: t("enterprise.industry"),
      value: (e) => (e.industry ? `${e.industry} ${e.industry_name ?? ""}`.trim() : null),
      sort: "industry",
    },
    { key: "size", label: t("enterprise.size"), value: (e) => e.size_class, display: (e) => sizeLabel(e.size_class) },
    { key: "above", label: t("enterprise.aboveSize"), value: (e) => e.above_designated_size },
    { key: "park", label: t("enterprise.park"), value: (e) => e.park },
    {
      key: "founded",
      label: t("enterprise.founded"),
      value: (e) => e.founded,
      display: (e) => (e.founded ? String(e.founded) : "—"),
      numeric: true,
      sort: "founded",
    },
  ];
}
