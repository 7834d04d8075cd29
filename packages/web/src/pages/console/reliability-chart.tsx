import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { type ReliabilityBinLike, reliabilitySeries } from "../../lib/reliability.js";

const percent = (v: number) => `${Math.round(v * 100)}%`;

/** A draw hook stroking each bin's 95% interval of accuracy as a vertical line. */
const drawIntervals = (highs: (number | null)[], lows: (number | null)[]) => (u: uPlot) => {
  const xs = u.data[0];
  const { ctx } = u;
  ctx.save();
  ctx.strokeStyle = "rgba(79,70,229,0.6)";
  ctx.lineWidth = 1.5 * uPlot.pxRatio;
  ctx.beginPath();
  for (let i = 0; i < xs.length; i++) {
    const high = highs[i];
    const low = lows[i];
    if (high == null || low == null) continue;
    const x = Math.round(u.valToPos(xs[i]!, "x", true));
    ctx.moveTo(x, u.valToPos(high, "y", true));
    ctx.lineTo(x, u.valToPos(low, "y", true));
  }
  ctx.stroke();
  ctx.restore();
};

/**
 * The reliability diagram (uPlot, loaded lazily with the console's charts): accuracy on gold per
 * confidence bin with its 95% interval, against the diagonal a calibrated engine would follow.
 */
export default function ReliabilityChart({
  bins,
  labels,
  height = 240,
}: {
  bins: readonly ReliabilityBinLike[];
  labels: { accuracy: string; perfect: string; confidence: string };
  height?: number;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const data = reliabilitySeries(bins);
    const plot = new uPlot(
      {
        width: Math.max(200, element.clientWidth),
        height,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false, range: () => [0, 1] }, y: { range: () => [0, 1] } },
        hooks: { draw: [drawIntervals(data.high, data.low)] },
        axes: [
          {
            stroke: "#8a8a96",
            grid: { stroke: "#eeeef2" },
            label: labels.confidence,
            values: (_u, ticks) => ticks.map(percent),
          },
          {
            stroke: "#8a8a96",
            grid: { stroke: "#eeeef2" },
            values: (_u, ticks) => ticks.map(percent),
            size: 48,
          },
        ],
        series: [
          { value: (_u, v) => (v == null ? "–" : percent(v)) },
          { label: labels.accuracy, stroke: "#4f46e5", width: 2, points: { show: true, size: 7 }, spanGaps: true },
          { label: labels.perfect, stroke: "#8a8a96", width: 1, dash: [4, 4], points: { show: false } },
        ],
      },
      [data.x, data.accuracy, data.perfect] as uPlot.AlignedData,
      element,
    );
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(200, element.clientWidth), height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [bins, labels, height]);
  return (
    <div ref={container} className="time-chart" data-testid="reliability-chart" style={{ minHeight: height + 30 }} />
  );
}
