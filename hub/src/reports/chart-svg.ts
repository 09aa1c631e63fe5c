import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * Charts as SVG, drawn by Vega-Lite on the server: no browser, no script in the report, so the
 * HTML prints and archives as it is.
 */
export async function barChartSvg(data: { label: string; value: number }[]): Promise<string> {
  return render({
    width: 440,
    height: Math.max(40, data.length * 18),
    data: { values: data },
    mark: { type: "bar", color: "#2b6cb0" },
    encoding: {
      y: { field: "label", type: "nominal", sort: "-x", title: null, axis: { labelLimit: 220 } },
      x: { field: "value", type: "quantitative", title: null },
    },
  });
}

export async function trendChartSvg(data: { label: string; value: number; series: string }[]): Promise<string> {
  return render({
    width: 440,
    height: 160,
    data: { values: data },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "label", type: "ordinal", title: null },
      y: { field: "value", type: "quantitative", title: null },
      color: { field: "series", type: "nominal", title: null, legend: { orient: "bottom" } },
    },
  });
}

async function render(spec: Record<string, unknown>): Promise<string> {
  const compiled = compile({
    ...spec,
    config: { font: "Helvetica, Arial, sans-serif", view: { stroke: null } },
  } as TopLevelSpec);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
