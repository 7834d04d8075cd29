/** The console's delivery-risk pill is computed in core (one rule for the web and the server). */
export {
  RISK_LABEL,
  type Risk,
  type RiskInput,
  type RiskLevel,
  riskInput,
  riskSeverity,
  straightLineRisk as projectRisk,
} from "@quorum/core";
