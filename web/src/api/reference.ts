// Reference lists that rarely change, fetched once per page load.
import { get } from "./client";
import type { ChainSummary, Indicator } from "./types";

let indicatorList: Promise<Indicator[]> | null = null;

export function indicators(): Promise<Indicator[]> {
  indicatorList ??= get<Indicator[]>("/api/indicators").catch((error: unknown) => {
    indicatorList = null;
    throw error;
  });
  return indicatorList;
}

/** The chains with counts in the caller's scope (not cached: counts change with imports). */
export function chainSummaries(signal?: AbortSignal): Promise<ChainSummary[]> {
  return get<ChainSummary[]>("/api/chains", undefined, signal);
}
