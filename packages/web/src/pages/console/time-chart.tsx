import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
  fill?: string;
  bars?: boolean;
}

/** A uPlot time series chart that follows its container's width. Loaded lazily with the console's charts. */
export default function TimeChart({
  times,
  series,
  height = 220,
  yLabel,
}: {
  times: number[];
  series: ChartSeries[];
  height?: number;
  yLabel?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
    const plot = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max * 1.08)] } },
        axes: [
          { stroke: "#8a8a96", grid: { stroke: "#eeeef2" }, ticks: { stroke: "#e3e3e8" } },
          {
            stroke: "#8a8a96",
            grid: { stroke: "#eeeef2" },
            ticks: { stroke: "#e3e3e8" },
            ...(yLabel ? { label: yLabel } : {}),
            size: 48,
          },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            ...(s.dash ? { dash: s.dash } : {}),
            ...(s.fill ? { fill: s.fill } : {}),
            ...(s.bars && bars ? { paths: bars, points: { show: false } } : { points: { show: false } }),
            spanGaps: false,
          })),
        ],
      },
      [times, ...series.map((s) => s.values)] as uPlot.AlignedData,
      element,
    );
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [times, series, height, yLabel]);
  return <div ref={container} className="time-chart" style={{ minHeight: height + 30 }} />;
}
