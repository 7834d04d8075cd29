import {
  armPayCurrency,
  type ErrorDetail,
  EXPERIMENT_METRICS,
  type ExperimentMetric,
  TOOL_VARIANTS,
  type ToolVariant,
} from "@quorum/core";
import type { ExperimentPlanView, ExperimentResponse, RateCardList, StaffProjectList } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, describeError } from "../../../api/client.js";
import { Field } from "../../../components/field.js";
import { useRouter } from "../../../components/router.js";
import { ErrorBanner, PageLoading } from "../../../components/ui.js";
import { parseMoney } from "../../../lib/money.js";
import { useApi } from "../use-api.js";

interface ArmDraft {
  name: string;
  share: string;
  guidelineVersion: string;
  /** In the currency's major units, as typed (0.25 for 25 cents). */
  pay: string;
  overlap: string;
  toolVariant: string;
}

const emptyArm = (name: string): ArmDraft => ({
  name,
  share: "0.5",
  guidelineVersion: "",
  pay: "",
  overlap: "",
  toolVariant: "",
});

const optionalInt = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** The design of an experiment (arms, unit, metrics) and the sample-size planner, ending in a draft. */
export function ExperimentForm() {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const projects = useApi<StaffProjectList>("/projects");
  const [now] = useState(() => new Date().toISOString());
  const cards = useApi<RateCardList>(`/rate-cards?at=${encodeURIComponent(now)}`);
  const [projectId, setProjectId] = useState("");
  const [name, setName] = useState("");
  const [hypothesis, setHypothesis] = useState("");
  const [unit, setUnit] = useState<"annotator" | "task">("annotator");
  const [arms, setArms] = useState<ArmDraft[]>([emptyArm("control"), emptyArm("treatment")]);
  const [primary, setPrimary] = useState<ExperimentMetric>("gold_accuracy");
  const [guardrail, setGuardrail] = useState<ExperimentMetric | "">("throughput");
  const [margin, setMargin] = useState("0.1");
  const [plannedUnits, setPlannedUnits] = useState("40");
  const [planner, setPlanner] = useState({ baseline: "0.8", mde: "0.05", perUnit: "50", icc: "0.05" });
  const [plan, setPlan] = useState<ExperimentPlanView | undefined>();
  const [details, setDetails] = useState<ErrorDetail[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (projects.error) return <ErrorBanner error={projects.error} onRetry={projects.reload} />;
  if (!projects.data) return <PageLoading />;

  const payCurrency =
    projectId === "" || !cards.data ? undefined : armPayCurrency(cards.data.rateCards, Number(projectId));
  const pay = typeof payCurrency === "object" ? payCurrency : undefined;
  const setArm = (i: number, key: keyof ArmDraft, value: string) =>
    setArms(arms.map((arm, k) => (k === i ? { ...arm, [key]: value } : arm)));

  async function runPlanner() {
    try {
      const result = await api<ExperimentPlanView>("/experiments/plan", {
        method: "POST",
        body: {
          baselineMean: Number(planner.baseline),
          minimumDetectableLift: Number(planner.mde),
          observationsPerUnit: Number(planner.perUnit),
          intraclassCorrelation: Number(planner.icc),
        },
      });
      setPlan(result);
      setPlannedUnits(String(result.unitsPerArm * arms.length));
      setError(undefined);
    } catch (e) {
      setDetails(e instanceof ApiError ? e.details : []);
      setError(describeError(e));
    }
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const refused: ErrorDetail[] = [];
    const payRates = arms.map((arm, i) => {
      if (arm.pay.trim() === "" || !pay) return undefined;
      const minor = parseMoney(arm.pay, pay.exponent);
      if (minor === undefined)
        refused.push({
          path: `arms[${i}].payRateMinor`,
          message:
            pay.exponent === 0
              ? t("experiments.moneyInvalidWhole")
              : t("experiments.moneyInvalid", { count: pay.exponent }),
        });
      return minor;
    });
    if (refused.length > 0) {
      setDetails(refused);
      setError(t("console.form.needsLook"));
      return;
    }
    setBusy(true);
    try {
      const body = {
        projectId: Number(projectId),
        name,
        hypothesis,
        unit,
        arms: arms.map((arm, i) => ({
          name: arm.name,
          share: Number(arm.share),
          guidelineVersion: optionalInt(arm.guidelineVersion),
          payRateMinor: payRates[i],
          payCurrency: payRates[i] === undefined ? undefined : pay?.currency,
          overlap: optionalInt(arm.overlap),
          toolVariant: arm.toolVariant === "" ? undefined : (arm.toolVariant as ToolVariant),
        })),
        primaryMetric: primary,
        guardrails: guardrail === "" ? [] : [{ metric: guardrail, margin: Number(margin) }],
        plannedUnits: Number(plannedUnits),
      };
      const created = await api<ExperimentResponse>("/experiments", { method: "POST", body });
      navigate({ name: "experiment", experimentId: created.experiment.id });
    } catch (e) {
      setDetails(e instanceof ApiError ? e.details : []);
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  const metricOptions = EXPERIMENT_METRICS.map((metric) => (
    <option key={metric} value={metric}>
      {t(`experiments.metricNames.${metric}`)}
    </option>
  ));
  return (
    <div className="page">
      <h1>{t("experiments.newExperiment")}</h1>
      <form className="card" onSubmit={submit} noValidate>
        {error && <ErrorBanner error={error} />}
        <div className="form-grid">
          <Field label={t("experiments.project")} details={details} path="projectId">
            {(control) => (
              <select {...control} name="projectId" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
                <option value="">–</option>
                {projects.data!.projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("experiments.name")} details={details} path="name">
            {(control) => <input {...control} name="name" value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <Field label={t("experiments.hypothesis")} details={details} path="hypothesis">
            {(control) => (
              <input
                {...control}
                name="hypothesis"
                value={hypothesis}
                onChange={(e) => setHypothesis(e.target.value)}
              />
            )}
          </Field>
          <Field label={t("experiments.unit")} details={details} path="unit">
            {(control) => (
              <select
                {...control}
                name="unit"
                value={unit}
                onChange={(e) => setUnit(e.target.value as "annotator" | "task")}
              >
                <option value="annotator">{t("experiments.unitAnnotator")}</option>
                <option value="task">{t("experiments.unitTask")}</option>
              </select>
            )}
          </Field>
        </div>
        <fieldset>
          <legend>{t("experiments.arms")}</legend>
          {arms.map((arm, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: arms are edited in place by position
            <div className="form-grid" key={i} data-testid="arm-row">
              {(
                [
                  ["name", "experiments.arm"],
                  ["share", "experiments.share"],
                  ["guidelineVersion", "experiments.guidelineVersion"],
                  ["overlap", "experiments.overlap"],
                ] as const
              ).map(([key, label]) => (
                <Field key={key} label={t(label)} details={details} path={`arms[${i}].${key}`}>
                  {(control) => (
                    <input
                      {...control}
                      name={`arms.${i}.${key}`}
                      value={arm[key]}
                      onChange={(e) => setArm(i, key, e.target.value)}
                    />
                  )}
                </Field>
              ))}
              <Field
                label={pay ? t("experiments.payRate", { currency: pay.currency }) : t("experiments.payRateUnknown")}
                hint={
                  pay
                    ? undefined
                    : projectId === ""
                      ? t("experiments.payRateNoProject")
                      : payCurrency && t("experiments.payRateNoCard")
                }
                // The pay's currency goes with the pay: the server's refusal of it shows on this field.
                details={details.map((d) =>
                  d.path === `arms[${i}].payCurrency` ? { ...d, path: `arms[${i}].payRateMinor` } : d,
                )}
                path={`arms[${i}].payRateMinor`}
              >
                {(control) => (
                  <input
                    {...control}
                    name={`arms.${i}.pay`}
                    inputMode="decimal"
                    placeholder={pay ? (0).toFixed(pay.exponent) : undefined}
                    disabled={!pay}
                    value={arm.pay}
                    onChange={(e) => setArm(i, "pay", e.target.value)}
                  />
                )}
              </Field>
              <Field label={t("experiments.toolVariant")} details={details} path={`arms[${i}].toolVariant`}>
                {(control) => (
                  <select
                    {...control}
                    name={`arms.${i}.toolVariant`}
                    value={arm.toolVariant}
                    onChange={(e) => setArm(i, "toolVariant", e.target.value)}
                  >
                    <option value="">{t("experiments.toolVariantDefault")}</option>
                    {TOOL_VARIANTS.map((variant) => (
                      <option key={variant} value={variant}>
                        {t(`experiments.toolVariant_${variant}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {arms.length > 2 && (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  onClick={() => setArms(arms.filter((_, k) => k !== i))}
                >
                  {t("experiments.removeArm")}
                </button>
              )}
            </div>
          ))}
          {details.some((d) => d.path === "arms") && (
            <div className="field-error" role="alert">
              {details
                .filter((d) => d.path === "arms")
                .map((d) => d.message)
                .join("; ")}
            </div>
          )}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setArms([...arms, emptyArm(`arm ${arms.length + 1}`)])}
          >
            {t("experiments.addArm")}
          </button>
        </fieldset>
        <div className="form-grid">
          <Field label={t("experiments.primaryMetric")} details={details} path="primaryMetric">
            {(control) => (
              <select
                {...control}
                name="primaryMetric"
                value={primary}
                onChange={(e) => setPrimary(e.target.value as ExperimentMetric)}
              >
                {metricOptions}
              </select>
            )}
          </Field>
          <Field label={t("experiments.guardrail")} details={details} path="guardrails">
            {(control) => (
              <select
                {...control}
                name="guardrail"
                value={guardrail}
                onChange={(e) => setGuardrail(e.target.value as ExperimentMetric | "")}
              >
                <option value="">–</option>
                {metricOptions}
              </select>
            )}
          </Field>
          <Field label={t("experiments.margin")} details={details} path="guardrails[0].margin">
            {(control) => (
              <input {...control} name="margin" value={margin} onChange={(e) => setMargin(e.target.value)} />
            )}
          </Field>
          <Field label={t("experiments.plannedUnits")} details={details} path="plannedUnits">
            {(control) => (
              <input
                {...control}
                name="plannedUnits"
                value={plannedUnits}
                onChange={(e) => setPlannedUnits(e.target.value)}
              />
            )}
          </Field>
        </div>
        <fieldset>
          <legend>{t("experiments.plan")}</legend>
          <div className="form-grid">
            {(
              [
                ["baseline", "experiments.baseline"],
                ["mde", "experiments.mde"],
                ["perUnit", "experiments.perUnit"],
                ["icc", "experiments.icc"],
              ] as const
            ).map(([key, label]) => (
              <Field key={key} label={t(label)}>
                {(control) => (
                  <input
                    {...control}
                    name={`plan.${key}`}
                    value={planner[key]}
                    onChange={(e) => setPlanner({ ...planner, [key]: e.target.value })}
                  />
                )}
              </Field>
            ))}
          </div>
          <button type="button" className="btn btn-small" onClick={runPlanner}>
            {t("experiments.plan")}
          </button>
          {plan && (
            <p role="status" data-testid="plan-result">
              {t("experiments.planResult", {
                units: t("experiments.unitCount", { count: plan.unitsPerArm }),
                observations: t("experiments.observationCount", { count: plan.observationsPerArm }),
                effect: plan.designEffect.toFixed(2),
              })}
            </p>
          )}
        </fieldset>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t("experiments.create")}
        </button>
      </form>
    </div>
  );
}
