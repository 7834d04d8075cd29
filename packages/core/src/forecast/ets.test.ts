import { describe, expect, it } from "vitest";
import { DomainError } from "../errors.js";
import { type EtsModelSpec, fitEts, selectEts } from "./ets.js";
import { forecastEts } from "./ets-forecast.js";

// Reference values below were printed by R 4.2.2 with forecast 8.20 (Debian's r-cran-forecast 8.20-1).

describe("fitEts with R's simple initial values", () => {
  it("reproduces R's ses(y, h = 7, alpha = 0.3, initial = 'simple')", () => {
    const y = [42, 45, 39, 50, 47, 44, 52, 48, 46, 51, 49, 53];
    const fit = fitEts(y, { trend: "N", season: "N" }, { alpha: 0.3, initial: "simple" });
    expect(fit.model).toBe("ETS(A,N,N)");
    expect(fit.finalState[0]).toBeCloseTo(49.762571, 6);
    // SSE ÷ n, the zero first residual counted.
    expect(fit.residuals[0]).toBe(0);
    expect(fit.sigma2).toBeCloseTo(16.35527, 5);
    expect(fit.aicc).toBeNull();
    const forecast = forecastEts(fit, 7);
    const [eighty, ninetyFive] = forecast.intervals;
    expect(eighty!.lower[0]).toBeCloseTo(44.5798, 4);
    expect(eighty!.upper[0]).toBeCloseTo(54.9454, 4);
    expect(ninetyFive!.lower[6]).toBeCloseTo(39.9261, 4);
    expect(ninetyFive!.upper[6]).toBeCloseTo(59.599, 4);
    expect(forecast.mean).toEqual(new Array(7).fill(fit.finalState[0]));
  });

  it("runs Holt's recursion as worked by hand (α = 0.5, β* = 0.2, l₀ = y₁, b₀ = y₂ − y₁)", () => {
    // t1: ŷ 12, l 11, b 0.2·1 + 0.8·2 = 1.8      t2: ŷ 12.8, l 12.4, b 0.28 + 1.44 = 1.72
    // t3: ŷ 14.12, l 14.56, b 0.432 + 1.376 = 1.808   t4: ŷ 16.368, l 15.184, b 0.1248 + 1.4464 = 1.5712
    const fit = fitEts([10, 12, 15, 14], { trend: "A", season: "N" }, { alpha: 0.5, beta: 0.2, initial: "simple" });
    expect(fit.fitted.map((v) => Number(v.toFixed(6)))).toEqual([12, 12.8, 14.12, 16.368]);
    expect(fit.finalState[0]).toBeCloseTo(15.184, 10);
    expect(fit.finalState[1]).toBeCloseTo(1.5712, 10);
    // SSE = 4 + 0.64 + 0.7744 + 5.607424
    expect(fit.sigma2).toBeCloseTo(11.021824 / 4, 10);
    const forecast = forecastEts(fit, 2);
    expect(forecast.mean[0]).toBeCloseTo(16.7552, 10);
    expect(forecast.mean[1]).toBeCloseTo(18.3264, 10);
    // As R: the variance at h = 2 is σ²(1 + (α + β)²).
    expect(forecast.variance[1]).toBeCloseTo((11.021824 / 4) * (1 + 0.7 ** 2), 10);
  });

  it("runs the damped recursion as worked by hand (φ = 0.9)", () => {
    // t1: ŷ 11.8, l 10.9, b 0.18 + 1.44 = 1.62     t2: ŷ 12.358, l 12.179, b 0.2558 + 1.1664 = 1.4222
    // t3: ŷ 13.45898, l 14.22949, b 1.434082        t4: ŷ 15.5201638, l 14.7600819, b 1.13865742
    const fit = fitEts(
      [10, 12, 15, 14],
      { trend: "Ad", season: "N" },
      { alpha: 0.5, beta: 0.2, phi: 0.9, initial: "simple" },
    );
    expect(fit.model).toBe("ETS(A,Ad,N)");
    expect(fit.fitted[3]).toBeCloseTo(15.5201638, 7);
    expect(fit.finalState[0]).toBeCloseTo(14.7600819, 7);
    expect(fit.finalState[1]).toBeCloseTo(1.13865742, 7);
    const forecast = forecastEts(fit, 2);
    expect(forecast.mean[0]).toBeCloseTo(14.7600819 + 0.9 * 1.13865742, 7);
    expect(forecast.mean[1]).toBeCloseTo(14.7600819 + (0.9 + 0.81) * 1.13865742, 7);
  });
});

// set.seed(42); t <- 1:42; round(200 + 3t + 40 sin(2πt/7) + 15 cos(4πt/7) + rnorm(42, 0, 12), 1): a weekly pattern and a trend.
const weekly = [
  247.4, 224.7, 240.1, 211.6, 167.3, 182.1, 254.1, 250.8, 276.7, 256, 240.7, 210.9, 187.7, 253.7, 271.3, 281.1, 274.3,
  214.1, 175.2, 241.2, 274.3, 272.6, 292.4, 313.3, 289.7, 220.3, 243.3, 277.8, 320.5, 307.8, 325.2, 296.5, 258.9, 260.1,
  326.1, 315.3, 327.1, 330.5, 280, 267.9, 290.9, 336.7,
];
// set.seed(42) after the above: round(100 + cumsum(rnorm(30, 1.5, 4)), 1): a drifting walk.
const drifting = [
  104.5, 103.1, 99.2, 102.4, 100.6, 107.9, 107.7, 111.8, 114.6, 113, 120.8, 124.8, 126.7, 129.3, 133.5, 135.4, 124.9,
  127.5, 127.6, 129.8, 133.6, 140.7, 139.3, 146, 148.9, 154.5, 159.7, 164.1, 161.4, 162.6,
];

interface RReference {
  spec: EtsModelSpec;
  series: number[];
  period: number;
  horizon: number;
  aicc: number;
  sigma2: number;
  mean: number[];
  lower80: number[];
  /** 95% upper bound at the last horizon. */
  upper95Last?: number;
}

const references: RReference[] = [
  // ets(ts(weekly, frequency = 7), model = "ANN"), forecast(fit, h = 14)
  {
    spec: { trend: "N", season: "N" },
    series: weekly,
    period: 7,
    horizon: 14,
    aicc: 460.636910149,
    sigma2: 1237.40446167,
    mean: [336.69540137, 336.69540137, 336.69540137],
    lower80: [291.614569201, 272.944677535, 258.618335915],
    upper95Last: 594.64060488,
  },
  {
    spec: { trend: "A", season: "N" },
    series: weekly,
    period: 7,
    horizon: 14,
    aicc: 460.74088614,
    sigma2: 1158.24031332,
    mean: [313.521335853, 315.768675682, 318.01601551],
    lower80: [269.90638134, 272.153720295, 274.401058159],
    upper95Last: 409.440408787,
  },
  // R 8.20 misplaces γ in ETS(A,N,A)'s interval formula from horizon 7 on; the first six horizons agree.
  {
    spec: { trend: "N", season: "A" },
    series: weekly,
    period: 7,
    horizon: 14,
    aicc: 424.378702614,
    sigma2: 388.613770448,
    mean: [342.454011273, 348.120158874, 350.48409503],
    lower80: [317.190414657, 319.578419752, 319.003745124],
  },
  {
    spec: { trend: "A", season: "A" },
    series: weekly,
    period: 7,
    horizon: 14,
    aicc: 410.389733949,
    sigma2: 247.054937338,
    mean: [341.944406889, 353.070223979, 355.382222103],
    lower80: [321.801003298, 332.926819984, 335.238817202],
    upper95Last: 400.649429002,
  },
  {
    spec: { trend: "Ad", season: "A" },
    series: weekly,
    period: 7,
    horizon: 14,
    aicc: 421.615549195,
    sigma2: 301.477879944,
    mean: [334.866217714, 345.704979673, 347.044739977],
    lower80: [312.614486169, 323.28132654, 324.450211136],
    upper95Last: 384.075572813,
  },
  {
    spec: { trend: "Ad", season: "N" },
    series: weekly,
    period: 7,
    horizon: 14,
    aicc: 469.144592189,
    sigma2: 1361.4890675,
    mean: [338.338025447, 340.012550117, 341.65358211],
    lower80: [291.050872741, 273.175621962, 259.797506047],
    upper95Last: 628.664387229,
  },
  // ets(drifting, model = "AAN", damped = FALSE / TRUE), forecast(fit, h = 7)
  {
    spec: { trend: "A", season: "N" },
    series: drifting,
    period: 1,
    horizon: 7,
    aicc: 194.891603656,
    sigma2: 16.8041114199,
    mean: [164.981596081, 167.135434104, 169.289272128],
    lower80: [159.72815505, 160.216590346, 161.034159383],
    upper95Last: 196.591734184,
  },
  {
    spec: { trend: "Ad", season: "N" },
    series: drifting,
    period: 1,
    horizon: 7,
    aicc: 199.344061634,
    sigma2: 18.2504018535,
    mean: [164.07991323, 165.468722192, 166.829665245],
    lower80: [158.605062267, 158.101106875, 157.964299862],
    upper95Last: 192.289175871,
  },
];

describe("fitEts with R's simple seasonal starting values", () => {
  it("reproduces R's hw(ts(weekly, frequency = 7), h = 8, initial = 'simple', alpha = 0.3, beta = 0.1, gamma = 0.2)", () => {
    const fit = fitEts(
      weekly,
      { trend: "A", season: "A" },
      { period: 7, initial: "simple", alpha: 0.3, beta: 0.1, gamma: 0.2 },
    );
    expect(fit.sigma2).toBeCloseTo(368.661071997, 6);
    expect(fit.finalState[0]).toBeCloseTo(318.778385528, 6);
    expect(fit.finalState[1]).toBeCloseTo(2.660277587, 6);
    expect(fit.finalState[2]).toBeCloseTo(18.680552896, 6); // s1, the latest season
    const forecast = forecastEts(fit, 8);
    expect(forecast.mean[0]).toBeCloseTo(345.7849722, 5);
    expect(forecast.mean[7]).toBeCloseTo(364.4069153, 5);
    expect(forecast.intervals[0]!.lower[0]).toBeCloseTo(321.1784789, 5);
    // Horizon 8 includes γ at j = 7, a whole period.
    expect(forecast.intervals[1]!.upper[7]).toBeCloseTo(449.8083854, 5);
  });
});

describe("fitEts with optimal initial values, against R's ets", () => {
  it.each(references)("ETS(A,$spec.trend,$spec.season) on a $series.length-value series", (ref) => {
    const fit = fitEts(ref.series, ref.spec, { period: ref.period });
    expect(fit.aicc!).toBeCloseTo(ref.aicc, 3);
    expect(fit.sigma2).toBeCloseTo(ref.sigma2, 3);
    const forecast = forecastEts(fit, ref.horizon);
    ref.mean.forEach((value, h) => {
      expect(forecast.mean[h]).toBeCloseTo(value, 3);
    });
    ref.lower80.forEach((value, h) => {
      expect(forecast.intervals[0]!.lower[h]).toBeCloseTo(value, 3);
    });
    if (ref.upper95Last !== undefined)
      expect(forecast.intervals[1]!.upper[ref.horizon - 1]).toBeCloseTo(ref.upper95Last, 3);
  });

  it("starts a series shorter than three seasons from a line and one Fourier pair, as R does", () => {
    // R 8.20 on the first 18 values (under 3 × 7): ets(model = "ANA") AICc 199.476574855, "AAA" 229.895024134.
    const short = weekly.slice(0, 18);
    expect(fitEts(short, { trend: "N", season: "A" }, { period: 7 }).aicc!).toBeCloseTo(199.476574855, 4);
    expect(fitEts(short, { trend: "A", season: "A" }, { period: 7 }).aicc!).toBeCloseTo(229.895024134, 4);
  });

  it("keeps R's parameter bounds (β ≤ α, φ ≤ 0.98) and the seasonal states summing to zero", () => {
    const fit = fitEts(weekly, { trend: "Ad", season: "A" }, { period: 7 });
    expect(fit.beta).toBeLessThanOrEqual(fit.alpha);
    expect(fit.phi).toBeGreaterThanOrEqual(0.8);
    expect(fit.phi).toBeLessThanOrEqual(0.98);
    expect(fit.initialState.slice(2).reduce((s, v) => s + v, 0)).toBeCloseTo(0, 9);
  });
});

describe("forecastEts intervals, against the class-1 variance derived by hand", () => {
  // var_h = σ²(1 + Σ_{j<h} c_j²); c_j = α + β(φ + … + φ^j) + γ·[m divides j].
  const variances = (sigma2: number, c: (j: number) => number, horizon: number) => {
    const out: number[] = [];
    let sum = 0;
    for (let h = 1; h <= horizon; h++) {
      out.push(sigma2 * (1 + sum));
      sum += c(h) ** 2;
    }
    return out;
  };

  it("Holt: c_j = α + jβ", () => {
    const fit = fitEts(drifting, { trend: "A", season: "N" });
    const expected = variances(fit.sigma2, (j) => fit.alpha + j * fit.beta, 10);
    expect(
      forecastEts(fit, 10)
        .variance.map((v, i) => v - expected[i]!)
        .every((d) => Math.abs(d) < 1e-8),
    ).toBe(true);
  });

  it("damped: c_j = α + β(φ + … + φ^j)", () => {
    const fit = fitEts(drifting, { trend: "Ad", season: "N" });
    const damped = (j: number) => Array.from({ length: j }, (_, i) => fit.phi ** (i + 1)).reduce((s, v) => s + v, 0);
    const expected = variances(fit.sigma2, (j) => fit.alpha + fit.beta * damped(j), 10);
    expect(
      forecastEts(fit, 10)
        .variance.map((v, i) => v - expected[i]!)
        .every((d) => Math.abs(d) < 1e-8),
    ).toBe(true);
  });

  it("seasonal without slope: c_j = α + γ at whole periods", () => {
    const fit = fitEts(weekly, { trend: "N", season: "A" }, { period: 7, gamma: 0.3 });
    const expected = variances(fit.sigma2, (j) => fit.alpha + (j % 7 === 0 ? 0.3 : 0), 15);
    expect(
      forecastEts(fit, 15)
        .variance.map((v, i) => v - expected[i]!)
        .every((d) => Math.abs(d) < 1e-8),
    ).toBe(true);
    // The season repeats with the period in the point forecasts.
    const mean = forecastEts(fit, 14).mean;
    expect(mean[7]).toBeCloseTo(mean[0]!, 9);
  });
});

describe("selectEts", () => {
  it("chooses by AICc as R's ets(y, additive.only = TRUE) does", () => {
    expect(selectEts(weekly, { period: 7 }).model).toBe("ETS(A,A,A)");
    expect(selectEts(drifting).model).toBe("ETS(A,A,N)");
    // Without a period, the weekly series has no seasonal model to choose.
    expect(selectEts(weekly).spec.season).toBe("N");
  });

  it("matches R on the reference series of ses: ETS(A,N,N), α = 0.336, l = 44.0832, AICc 71.6167", () => {
    const fit = selectEts([42, 45, 39, 50, 47, 44, 52, 48, 46, 51, 49, 53]);
    expect(fit.model).toBe("ETS(A,N,N)");
    expect(fit.alpha).toBeCloseTo(0.336, 3);
    expect(fit.initialState[0]).toBeCloseTo(44.0832, 3);
    expect(fit.aicc!).toBeCloseTo(71.61672, 4);
  });

  it("falls back to R's simple smoothing on tiny series, and smooths a constant series with α ≈ 1", () => {
    const tiny = selectEts([1, 2, 3], { period: 7 });
    expect(tiny.initial).toBe("simple");
    expect(tiny.aicc).toBeNull();
    // R: ETS(A,A,N) with α = 1, β = 0 (at its bounds), σ² = 1/3, forecasts 4 and 5.
    expect(tiny.model).toBe("ETS(A,A,N)");
    expect(tiny.sigma2).toBeCloseTo(1 / 3, 3);
    expect(forecastEts(tiny, 2).mean[0]).toBeCloseTo(4, 3);
    expect(forecastEts(tiny, 2).mean[1]).toBeCloseTo(5, 3);
    const flat = selectEts([5, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
    expect(flat.model).toBe("ETS(A,N,N)");
    expect(forecastEts(flat, 3).mean).toEqual([5, 5, 5]);
    expect(selectEts([7]).model).toBe("ETS(A,N,N)");
  });

  it("rejects bad series and settings with the field named", () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof DomainError ? error.message : String(error);
      }
      return "no error";
    };
    expect(message(() => selectEts([]))).toMatch(/^values/);
    expect(message(() => selectEts([1, Number.NaN]))).toMatch(/^values\[1\]/);
    expect(message(() => fitEts(weekly, { trend: "N", season: "A" }))).toMatch(/^period/);
    expect(message(() => fitEts(weekly, { trend: "N", season: "A" }, { period: 48 }))).toMatch(/^period/);
    expect(message(() => fitEts([1, 2, 3], { trend: "A", season: "N" }))).toMatch(/too few/);
    expect(message(() => fitEts(weekly, { trend: "N", season: "N" }, { alpha: 1.5 }))).toMatch(/^alpha/);
    expect(message(() => forecastEts(selectEts(drifting), 0))).toMatch(/^horizon/);
  });
});
