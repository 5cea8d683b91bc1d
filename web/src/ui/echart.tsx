import { useEffect, useRef } from "react";
import type { EChartsCoreOption } from "echarts/core";
import type * as EChartsSetup from "./echarts-setup.ts";

type ECharts = typeof EChartsSetup;

let loading: Promise<ECharts> | null = null;

/** ECharts with only the pieces Régua draws, fetched the first time a chart shows. */
function loadECharts(): Promise<ECharts> {
  loading ??= import("./echarts-setup.ts");
  return loading;
}

/**
 * One chart. The picture is for the eye; `label` says the same in words for screen
 * readers (the chart itself is hidden from them), so pass the figures there too.
 */
export function EChart({ option, height = 220, label }: { option: EChartsCoreOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: ReturnType<ECharts["init"]> | null = null;
    const resize = () => chart?.resize();
    void loadECharts().then((echarts) => {
      if (disposed || !ref.current) return;
      chart = echarts.init(ref.current, undefined, { renderer: "svg" });
      chart.setOption(option);
      window.addEventListener("resize", resize);
    });
    return () => {
      disposed = true;
      window.removeEventListener("resize", resize);
      chart?.dispose();
    };
  }, [option]);
  return (
    <div role="img" aria-label={label}>
      <div ref={ref} style={{ height, width: "100%" }} aria-hidden="true" />
    </div>
  );
}
