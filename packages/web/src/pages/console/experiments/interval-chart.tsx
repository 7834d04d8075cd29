/** One row of the forest plot: a lift with its fixed-horizon and peeking-safe intervals. */
export interface IntervalRow {
  label: string;
  lift: number;
  ci95: [number, number];
  sequential: [number, number];
}

const WIDTH = 560;
const ROW = 34;
const LEFT = 170;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * A forest plot in SVG: per row the lift (dot), its 95% interval (thick) and its peeking-safe
 * interval (thin), against a dashed line at no change. The figures are also in the table beside it.
 */
export function IntervalChart({ rows, label }: { rows: readonly IntervalRow[]; label: string }) {
  const ends = rows.flatMap((r) => [...r.sequential, ...r.ci95, 0]).filter(Number.isFinite);
  const low = Math.min(...ends);
  const high = Math.max(...ends);
  const span = high - low || 1;
  const x = (v: number) => LEFT + ((v - low) / span) * (WIDTH - LEFT - 20);
  const height = rows.length * ROW + 24;
  return (
    <svg
      className="interval-chart"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      style={{ maxWidth: WIDTH }}
    >
      <line x1={x(0)} x2={x(0)} y1={4} y2={height - 20} stroke="currentColor" strokeDasharray="4 3" opacity={0.5} />
      <text x={x(0)} y={height - 6} textAnchor="middle" fontSize="11">
        0
      </text>
      <text x={x(low)} y={height - 6} textAnchor="start" fontSize="11">
        {percent(low)}
      </text>
      <text x={x(high)} y={height - 6} textAnchor="end" fontSize="11">
        {percent(high)}
      </text>
      {rows.map((row, i) => {
        const y = 18 + i * ROW;
        return (
          <g key={row.label} data-testid="interval-row">
            <title>{`${row.label}: ${percent(row.lift)} [${percent(row.ci95[0])}, ${percent(row.ci95[1])}]`}</title>
            <text x={4} y={y + 4} fontSize="12">
              {row.label}
            </text>
            <line
              x1={x(row.sequential[0])}
              x2={x(row.sequential[1])}
              y1={y}
              y2={y}
              stroke="currentColor"
              strokeWidth={1.5}
              opacity={0.6}
            />
            <line
              x1={x(row.ci95[0])}
              x2={x(row.ci95[1])}
              y1={y}
              y2={y}
              stroke="#2563eb"
              strokeWidth={6}
              strokeLinecap="round"
            />
            <circle cx={x(row.lift)} cy={y} r={5} fill="#111827" />
          </g>
        );
      })}
    </svg>
  );
}
