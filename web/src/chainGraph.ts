// The chain map as an ECharts graph: nodes in three columns, upstream → midstream → downstream,
// edges for the input relations, colour for coverage (local member enterprises), and gap nodes
// (缺链: no local member) drawn as red diamonds so they stand out without relying on colour alone.
import type { ChainMap, ChainNode, Segment } from "./api/types";
import { palette, type ChartOption } from "./charts";
import { t } from "./i18n";

export const SEGMENTS: Segment[] = ["upstream", "midstream", "downstream"];

/** Height of the layout box; its width is `aspect` times this. */
const HEIGHT = 500;
/** Where the segment titles sit, above the first row. */
const TITLE_Y = -45;

/**
 * Positions: x by segment, y spread evenly inside the segment, keeping children under parents.
 * ECharts keeps the box's aspect when it fits it into the chart (so circles stay round), hence
 * the caller's `aspect`: about its chart's width over height.
 */
export function layout(nodes: ChainNode[], aspect = 2): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  const columnWidth = (aspect * HEIGHT) / 2;
  SEGMENTS.forEach((segment, column) => {
    const inSegment = nodes
      .filter((n) => n.segment === segment)
      .sort((a, b) => (a.parent ?? a.code).localeCompare(b.parent ?? b.code) || a.code.localeCompare(b.code));
    inSegment.forEach((node, row) => {
      positions.set(node.code, { x: column * columnWidth, y: (row + 0.5) * (HEIGHT / Math.max(inSegment.length, 1)) });
    });
  });
  return positions;
}

export function isGap(node: ChainNode): boolean {
  return node.enterprise_count === 0;
}

export function graphOption(map: ChainMap, selected: string | null, dark = false, aspect = 2): ChartOption {
  const positions = layout(map.nodes, aspect);
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
      right: 8,
      bottom: 0,
      itemHeight: 120,
      text: [t("chain.coverageMore"), t("chain.coverageFewer")],
      textStyle: { color: textColor },
      inRange: { color: ["#cfe0f5", "#0b4f9c"] },
    },
    series: [
      {
        type: "graph",
        layout: "none",
        roam: true,
        // Only the centre: ECharts then sizes the box with its aspect kept.
        left: "center",
        top: "middle",
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 8,
        label: { show: true, position: "bottom", color: textColor, fontSize: 12 },
        lineStyle: { color: dark ? "#6f86a6" : "#9aa9bb", width: 1.2, curveness: 0.15, opacity: 0.8 },
        emphasis: { focus: "adjacency", lineStyle: { width: 2.5 } },
        data: [
          // The segment titles, as label-only nodes so that they stay above their column.
          ...SEGMENTS.map((segment, column) => ({
            id: `segment:${segment}`,
            name: segmentName[segment],
            x: (column * aspect * HEIGHT) / 2,
            y: TITLE_Y,
            symbolSize: 1,
            itemStyle: { color: "transparent", borderWidth: 0 },
            tooltip: { show: false },
            label: { position: "inside", fontSize: 14, fontWeight: "bold", color: dark ? "#8fb8ee" : palette.muted },
          })),
          ...map.nodes.map((node) => {
          const position = positions.get(node.code) ?? { x: 0, y: 0 };
          const gap = isGap(node);
          return {
            id: node.code,
            code: node.code,
            name: node.name,
            // Gap nodes carry no value, so the coverage scale leaves their own red alone.
            value: gap ? null : node.enterprise_count,
            x: position.x,
            y: position.y,
            symbol: gap ? "diamond" : "circle",
            symbolSize: gap ? 26 : 16 + 22 * Math.sqrt(node.enterprise_count / max),
            itemStyle: {
              color: gap ? (dark ? "#5c1a1a" : "#ffe3e3") : undefined,
              borderColor: node.code === selected ? "#f59f00" : gap ? palette.gap : "#ffffff",
              borderWidth: node.code === selected ? 4 : gap ? 2 : 1,
              borderType: gap ? "dashed" : "solid",
            },
            label: gap
              ? { formatter: `{b}\n${t("chain.gapShort")}`, color: dark ? "#ff8787" : palette.gap, fontWeight: "bold" }
              : undefined,
          };
          }),
        ],
        links: map.relations.map((r) => ({ source: r.from, target: r.to })),
      },
    ],
  };
}
