// Apache ECharts, only the parts the pages use (keeps the bundle about half the full size).
import { BarChart, GraphChart, LineChart, PieChart, TreemapChart } from "echarts/charts";
import {
  AriaComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  GraphChart,
  LineChart,
  PieChart,
  TreemapChart,
  AriaComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };
export type { EChartsCoreOption as ChartOption } from "echarts/core";

/** Colours shared by charts and the tables beside them (WCAG AA on white for the text ones). */
export const palette = {
  primary: "#0b4f9c",
  accent: "#d4380d",
  upstream: "#2f6fb3",
  midstream: "#2b8a3e",
  downstream: "#b25f00",
  gap: "#c92a2a",
  grid: "#d0d7e2",
  muted: "#5c6b7a",
  // Graded warnings (预警等级): green, blue, orange, red.
  warning: { green: "#2b8a3e", blue: "#1c64c8", orange: "#d9730d", red: "#c92a2a" } as Record<string, string>,
};
