import type { MetricRoi } from "@quorum/core";

const WIDTH = 560;
const HEIGHT = 260;
const PAD = 40;

/**
 * The learning curve in SVG on a log scale of labels: the fitted error with its 95% band and the
 * measured evaluations as dots. The figures are in the evaluations table beside it.
 */
export function LearningCurveChart({ roi, label }: { roi: MetricRoi; label: string }) {
  const labels = [...roi.points.map((p) => p.labels), ...roi.curve.map((c) => c.labels)];
  const errors = [...roi.points.map((p) => p.error), ...roi.curve.flatMap((c) => [c.lower, c.upper])];
  const [minN, maxN] = [Math.min(...labels), Math.max(...labels)];
  const [minE, maxE] = [Math.min(...errors), Math.max(...errors)];
  const x = (n: number) =>
    PAD + ((Math.log(n) - Math.log(minN)) / (Math.log(maxN) - Math.log(minN) || 1)) * (WIDTH - 2 * PAD);
  const y = (e: number) => HEIGHT - PAD - ((e - minE) / (maxE - minE || 1)) * (HEIGHT - 2 * PAD);
  const line = roi.curve.map((c, i) => `${i === 0 ? "M" : "L"}${x(c.labels)},${y(c.error)}`).join(" ");
  const band =
    roi.curve.map((c, i) => `${i === 0 ? "M" : "L"}${x(c.labels)},${y(c.upper)}`).join(" ") +
    [...roi.curve]
      .reverse()
      .map((c) => ` L${x(c.labels)},${y(c.lower)}`)
      .join("") +
    " Z";
  return (
    <svg
      className="learning-curve"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      style={{ maxWidth: WIDTH }}
    >
      <line x1={PAD} x2={WIDTH - PAD} y1={HEIGHT - PAD} y2={HEIGHT - PAD} stroke="currentColor" opacity={0.4} />
      <line x1={PAD} x2={PAD} y1={PAD} y2={HEIGHT - PAD} stroke="currentColor" opacity={0.4} />
      <text x={PAD} y={HEIGHT - 12} fontSize="11">
        {minN}
      </text>
      <text x={WIDTH - PAD} y={HEIGHT - 12} fontSize="11" textAnchor="end">
        {maxN}
      </text>
      <text x={4} y={y(maxE) + 4} fontSize="11">
        {maxE.toFixed(3)}
      </text>
      <text x={4} y={y(minE) + 4} fontSize="11">
        {minE.toFixed(3)}
      </text>
      {roi.curve.length > 0 && <path d={band} fill="#2563eb" opacity={0.15} />}
      {roi.curve.length > 0 && <path d={line} fill="none" stroke="#2563eb" strokeWidth={2} />}
      {roi.points.map((p) => (
        <circle
          key={`${p.labels}-${p.error}`}
          cx={x(p.labels)}
          cy={y(p.error)}
          r={4}
          fill="#111827"
          data-testid="curve-point"
        />
      ))}
    </svg>
  );
}
