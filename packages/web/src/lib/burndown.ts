/** The burn-down is computed in core, where the server's forecasts can use it too. */
export { type Burndown, burndownSeries, type TimelinePoint } from "@quorum/core";
