/** One cell of a confusion matrix as drawn: its count and its share of the row (the true class). */
export interface ConfusionCell {
  count: number;
  /** count ÷ row total; 0 in an empty row. */
  share: number;
  diagonal: boolean;
}

export interface ConfusionRow {
  cells: ConfusionCell[];
  total: number;
  /** Share of the row on the diagonal (recall of the class), null for an empty row. */
  recall: number | null;
}

/**
 * A confusion matrix (rows: the true class, columns: the answer given) as shares of each row, so a
 * rare class reads as clearly as a common one; plus the overall share on the diagonal. A ragged or
 * non-square matrix is read as far as both dimensions go.
 */
export function confusionTable(matrix: number[][]): { rows: ConfusionRow[]; total: number; accuracy: number | null } {
  const size = matrix.length;
  let total = 0;
  let onDiagonal = 0;
  const rows = matrix.map((row, i) => {
    const counts = Array.from({ length: size }, (_, j) => {
      const value = row[j] ?? 0;
      return Number.isFinite(value) && value > 0 ? value : 0;
    });
    const rowTotal = counts.reduce((a, b) => a + b, 0);
    total += rowTotal;
    onDiagonal += counts[i] ?? 0;
    return {
      cells: counts.map((count, j) => ({ count, share: rowTotal > 0 ? count / rowTotal : 0, diagonal: i === j })),
      total: rowTotal,
      recall: rowTotal > 0 ? (counts[i] ?? 0) / rowTotal : null,
    };
  });
  return { rows, total, accuracy: total > 0 ? onDiagonal / total : null };
}

type Rgb = readonly [number, number, number];

/** Agreement (the diagonal) in indigo, confusion (off the diagonal) in rose: the eye finds the mistakes. */
const SCALES: Record<"agree" | "confuse", Rgb> = {
  agree: [67, 56, 202],
  confuse: [190, 18, 60],
};
const WHITE: Rgb = [255, 255, 255];

/** sRGB channel ↔ linear light, so the mix looks even to the eye rather than muddy in the middle. */
const toLinear = (c: number) => {
  const x = c / 255;
  return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (x: number) => {
  const c = x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, c)) * 255);
};

function relativeLuminance([r, g, b]: Rgb): number {
  return 0.2126 * toLinear(r) + 0.7152 * toLinear(g) + 0.0722 * toLinear(b);
}

/**
 * The background of a heatmap cell for a share in [0, 1] (white at 0, the full colour at 1, with
 * a square-root ramp so small shares are still visible) and a text colour that keeps at least
 * WCAG AA contrast on it.
 */
export function heatColor(share: number, scale: "agree" | "confuse"): { background: string; color: string } {
  const t = Number.isFinite(share) ? Math.sqrt(Math.min(1, Math.max(0, share))) : 0;
  const target = SCALES[scale];
  const rgb = [0, 1, 2].map((i) =>
    fromLinear(toLinear(WHITE[i] as number) * (1 - t) + toLinear(target[i] as number) * t),
  ) as unknown as Rgb;
  const luminance = relativeLuminance(rgb);
  // Contrast against white text vs near-black text (#1c1c22, luminance ≈ 0.012).
  const withWhite = 1.05 / (luminance + 0.05);
  const withDark = (luminance + 0.05) / 0.062;
  return { background: `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`, color: withWhite > withDark ? "#ffffff" : "#1c1c22" };
}
