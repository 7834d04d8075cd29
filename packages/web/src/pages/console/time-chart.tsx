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
  /** Drawn as a thin line (e.g. an interval's bounds). */
  quiet?: boolean;
  /** Show points, for sparse series where a lone value would otherwise be invisible. */
  points?: boolean;
}

/** Vertical error bars from one series to another (indexes into `series`), drawn at every point where both have a value. */
export interface ChartWhiskers {
  upper: number;
  lower: number;
  color: string;
}

/** A uPlot draw hook that strokes each point's interval as a capped vertical line. */
function drawWhiskers(whiskers: ChartWhiskers) {
  return (u: uPlot) => {
    const xs = u.data[0];
    const highs = u.data[whiskers.upper + 1];
    const lows = u.data[whiskers.lower + 1];
    if (!xs || !highs || !lows) return;
    const ratio = uPlot.pxRatio;
    const cap = 4 * ratio;
    const { ctx } = u;
    ctx.save();
    ctx.strokeStyle = whiskers.color;
    ctx.lineWidth = 1.5 * ratio;
    ctx.beginPath();
    for (let i = 0; i < xs.length; i++) {
      const high = highs[i];
      const low = lows[i];
      const time = xs[i];
      if (high === null || high === undefined || low === null || low === undefined || time === undefined) continue;
      const x = Math.round(u.valToPos(time, "x", true));
      const top = u.valToPos(high, "y", true);
      const bottom = u.valToPos(low, "y", true);
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.moveTo(x - cap, top);
      ctx.lineTo(x + cap, top);
      ctx.moveTo(x - cap, bottom);
      ctx.lineTo(x + cap, bottom);
    }
    ctx.stroke();
    ctx.restore();
  };
}

/** A filled band between two series (indexes into `series`), e.g. a confidence interval. */
export interface ChartBand {
  upper: number;
  lower: number;
  fill: string;
}

/** A uPlot time series chart that follows its container's width. Loaded lazily with the console's charts. */
export default function TimeChart({
  times,
  series,
  height = 220,
  yLabel,
  bands,
  whiskers,
  yRange,
  yFormat,
}: {
  times: number[];
  series: ChartSeries[];
  height?: number;
  yLabel?: string;
  bands?: ChartBand[];
  whiskers?: ChartWhiskers;
  /** A fixed y range (e.g. [0, 1] for shares); by default from 0 to a little above the maximum. */
  yRange?: [number, number];
  /** Tick and legend text for y values. */
  yFormat?: (value: number) => string;
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
        // Not live: a live legend reads "--" until the pointer is over the chart.
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: true },
          y: { range: yRange ? () => yRange : (_u, min, max) => [Math.min(0, min), Math.max(1, max * 1.08)] },
        },
        ...(bands ? { bands: bands.map((b) => ({ series: [b.upper + 1, b.lower + 1], fill: b.fill })) } : {}),
        ...(whiskers ? { hooks: { draw: [drawWhiskers(whiskers)] } } : {}),
        axes: [
          { stroke: "#8a8a96", grid: { stroke: "#eeeef2" }, ticks: { stroke: "#e3e3e8" } },
          {
            stroke: "#8a8a96",
            grid: { stroke: "#eeeef2" },
            ticks: { stroke: "#e3e3e8" },
            ...(yLabel ? { label: yLabel } : {}),
            ...(yFormat ? { values: (_u: uPlot, ticks: number[]) => ticks.map(yFormat) } : {}),
            size: 48,
          },
        ],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: s.quiet ? 1 : 2,
            ...(s.dash ? { dash: s.dash } : {}),
            ...(s.fill ? { fill: s.fill } : {}),
            ...(yFormat ? { value: (_u: uPlot, v: number | null) => (v === null ? "–" : yFormat(v)) } : {}),
            ...(s.bars && bars
              ? { paths: bars, points: { show: false } }
              : { points: { show: Boolean(s.points), size: 6 } }),
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
  }, [times, series, height, yLabel, bands, whiskers, yRange, yFormat]);
  return <div ref={container} className="time-chart" style={{ minHeight: height + 30 }} />;
}
