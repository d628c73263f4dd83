// The chain map as an ECharts graph: nodes in three columns, upstream → midstream → downstream,
// edges for the input relations, colour for coverage (local member enterprises), and gap nodes
// (缺链: no local member) drawn as red diamonds so they stand out without relying on colour alone.
import type { ChainMap, ChainNode, Segment } from "./api/types";
import { palette, type ChartOption } from "./charts";
import { t } from "./i18n";

export const SEGMENTS: Segment[] = ["upstream", "midstream", "downstream"];

/** Positions: x by segment, y spread evenly inside the segment, keeping children under parents. */
export function layout(nodes: ChainNode[]): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  SEGMENTS.forEach((segment, column) => {
    const inSegment = nodes
      .filter((n) => n.segment === segment)
      .sort((a, b) => (a.parent ?? a.code).localeCompare(b.parent ?? b.code) || a.code.localeCompare(b.code));
    inSegment.forEach((node, row) => {
      positions.set(node.code, { x: column * 400, y: (row + 0.5) * (600 / Math.max(inSegment.length, 1)) });
    });
  });
  return positions;
}

export function isGap(node: ChainNode): boolean {
  return node.enterprise_count === 0;
}

export function graphOption(map: ChainMap, selected: string | null, dark = false): ChartOption {
  const positions = layout(map.nodes);
  const max = Math.max(1, ...map.nodes.map((n) => n.enterprise_count));
  const textColor = dark ? "#e6edf7" : "#1f2a37";
  const segmentName: Record<Segment, string> = {
    upstream: t("segment.upstream"),
    midstream: t("segment.midstream"),
    downstream: t("segment.downstream"),
  };
  return {
    tooltip: {
      formatter: (params: unknown) => {
        const p = params as { dataType: string; data: { code?: string; source?: string; target?: string } };
        if (p.dataType === "edge") {
          const from = map.nodes.find((n) => n.code === p.data.source)?.name ?? "";
          const to = map.nodes.find((n) => n.code === p.data.target)?.name ?? "";
          return `${from} → ${to}`;
        }
        const node = map.nodes.find((n) => n.code === p.data.code);
        if (!node) return "";
        const count = isGap(node) ? t("chain.gapNode") : t("chain.memberCount", { n: node.enterprise_count });
        return `${node.name}<br/>${segmentName[node.segment]} · ${count}`;
      },
    },
    visualMap: {
      type: "continuous",
      min: 1,
      max,
      dimension: 0,
      seriesIndex: 0,
      calculable: false,
      orient: "horizontal",
      left: "center",
      bottom: 0,
      itemHeight: 160,
      text: [t("chain.coverageMore"), t("chain.coverageFewer")],
      textStyle: { color: textColor },
      inRange: { color: ["#cfe0f5", "#0b4f9c"] },
      outOfRange: { color: palette.gap },
    },
    series: [
      {
        type: "graph",
        layout: "none",
        roam: true,
        top: 24,
        bottom: 56,
        left: 80,
        right: 80,
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 8,
        label: { show: true, position: "bottom", color: textColor, fontSize: 12 },
        lineStyle: { color: dark ? "#6f86a6" : "#9aa9bb", width: 1.2, curveness: 0.15, opacity: 0.8 },
        emphasis: { focus: "adjacency", lineStyle: { width: 2.5 } },
        data: map.nodes.map((node) => {
          const position = positions.get(node.code) ?? { x: 0, y: 0 };
          const gap = isGap(node);
          return {
            id: node.code,
            code: node.code,
            name: node.name,
            value: node.enterprise_count,
            x: position.x,
            y: position.y,
            symbol: gap ? "diamond" : "circle",
            symbolSize: gap ? 26 : 16 + 22 * Math.sqrt(node.enterprise_count / max),
            itemStyle: {
              borderColor: node.code === selected ? "#f59f00" : gap ? "#7d1a1a" : "#ffffff",
              borderWidth: node.code === selected ? 4 : gap ? 2 : 1,
              borderType: gap ? "dashed" : "solid",
            },
            label: gap
              ? { formatter: `{b}\n${t("chain.gapShort")}`, color: dark ? "#ff8787" : palette.gap, fontWeight: "bold" }
              : undefined,
          };
        }),
        links: map.relations.map((r) => ({ source: r.from, target: r.to })),
      },
    ],
  };
}
