import { canCoach, TIERS, type Tier } from "@quorum/core";
import type { CoachingView, ScorecardView } from "@quorum/server";
import { type FormEvent, lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { CoachingList } from "../../components/coaching-list.js";
import { ScorecardFigures } from "../../components/scorecard-figures.js";
import { useSession } from "../../components/session.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { undoableChange, weeklySeries } from "../../lib/scorecard.js";
import type { ChartSeries } from "./time-chart.js";
import { useApi } from "./use-api.js";
import { useProjectSchemas } from "./use-project-schemas.js";

const TimeChart = lazy(() => import("./time-chart.js"));
const WEEKS = 12;

/**
 * A person's scorecard for their managers and vendor lead: figures, the weekly trend, tier
 * history with undo, coaching. Self-contained (it loads its own data), so a profile page can embed it.
 */
export function ScorecardPanel({ userId }: { userId: number }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const card = useApi<ScorecardView>(`/users/${userId}/scorecard?weeks=${WEEKS}`);
  const coaching = useApi<CoachingView>(`/users/${userId}/coaching`);
  const schemas = useProjectSchemas();
  const coach = canCoach(user, { id: userId });
  if (card.error) return <ErrorBanner error={card.error} onRetry={card.reload} />;
  if (!card.data) return <PageLoading />;
  const data = card.data;
  return (
    <div className="scorecard-panel" data-testid="scorecard-panel">
      <div className="section-head">
        <h1>
          {data.person.name} · {t("console.scorecard.title")}
        </h1>
        <span className="muted">
          {t("console.scorecard.weeks", { count: WEEKS })} ·{" "}
          {t("console.scorecard.timeZone", { zone: data.person.timeZone })}
        </span>
      </div>
      <section className="card">
        <ScorecardFigures card={data} />
      </section>
      <section className="card chart-card">
        <div className="section-head">
          <h2>{t("console.scorecard.trend")}</h2>
          <span className="muted">{t("console.scorecard.trendHint")}</span>
        </div>
        <WeeklyTrend weeks={data.weeks} />
      </section>
      <div className="grid-2">
        <section className="card">
          <div className="section-head">
            <h2>{t("console.scorecard.tierHistory")}</h2>
            <span className="muted">{t("console.scorecard.tierHistoryHint")}</span>
          </div>
          <TierHistory userId={userId} card={data} coach={coach} onChanged={card.reload} />
        </section>
        <section className="card">
          <div className="section-head">
            <h2>{t("console.scorecard.projects")}</h2>
          </div>
          <ProjectRows projects={data.projects} />
        </section>
      </div>
      <section className="card">
        <div className="section-head">
          <h2>{t("scorecard.coaching")}</h2>
          <span className="muted">{t("console.scorecard.coachingHint")}</span>
        </div>
        {coaching.error && <ErrorBanner error={coaching.error} onRetry={coaching.reload} />}
        {coach && <NoteForm userId={userId} onSaved={coaching.reload} />}
        {coaching.data ? <CoachingList coaching={coaching.data} schemas={schemas} /> : <PageLoading />}
      </section>
    </div>
  );
}

function WeeklyTrend({ weeks }: { weeks: ScorecardView["weeks"] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { times, series } = useMemo(() => {
    const s = weeklySeries(weeks);
    const peak = Math.max(1, ...s.judgments);
    // One axis for shares; judgments scaled to the busiest week so all three read together.
    const chart: ChartSeries[] = [
      { label: t("scorecard.judgments"), values: s.judgments.map((n) => n / peak), color: "#c9cbe8", bars: true },
      { label: t("console.scorecard.accuracy"), values: s.accuracy, color: "#3b5bdb", points: true },
      { label: "95% ↑", values: s.upper, color: "#91a7ff", quiet: true },
      { label: "95% ↓", values: s.lower, color: "#91a7ff", quiet: true },
      { label: t("console.scorecard.utilisation"), values: s.utilisation, color: "#2b8a3e", points: true },
    ];
    return { times: s.times, series: chart };
  }, [weeks, t]);
  if (weeks.length === 0) return <p className="chart-empty muted">{t("scorecard.nothing")}</p>;
  return (
    <Suspense fallback={<div className="chart-placeholder" />}>
      <TimeChart
        times={times}
        series={series}
        yRange={[0, 1]}
        yFormat={(v) => format.percent(v)}
        bands={[{ upper: 2, lower: 3, fill: "rgba(59, 91, 219, 0.12)" }]}
      />
    </Suspense>
  );
}

function ProjectRows({ projects }: { projects: ScorecardView["projects"] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const dash = t("common.none");
  return (
    <table className="table">
      <thead>
        <tr>
          <th>{t("console.scorecard.project")}</th>
          <th className="num">{t("scorecard.judgments")}</th>
          <th className="num">{t("scorecard.handlingTime")}</th>
          <th className="num">{t("console.scorecard.accuracy")}</th>
        </tr>
      </thead>
      <tbody>
        {projects.map((p) => (
          <tr key={p.projectId}>
            <td dir="auto">{p.name}</td>
            <td className="num">{format.number(p.judgments)}</td>
            <td className="num">{p.averageHandlingMs === null ? dash : format.duration(p.averageHandlingMs)}</td>
            <td className="num">
              {p.gold.accuracy === null
                ? dash
                : `${format.percent(p.gold.accuracy, 1)} (${p.gold.correct}/${p.gold.answered})`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TierHistory({
  userId,
  card,
  coach,
  onChanged,
}: {
  userId: number;
  card: ScorecardView;
  coach: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [tier, setTier] = useState<Tier>(card.person.tier);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const undoable = undoableChange(card.tierChanges);
  const run = (request: Promise<unknown>) =>
    request.then(
      () => {
        setError(undefined);
        setReason("");
        onChanged();
      },
      (e: unknown) => setError(describeError(e)),
    );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(api(`/users/${userId}/tier`, { method: "POST", body: { tier, reason } }));
  };
  const tierName = (name: string) => t(`scorecard.tiers.${name as Tier}`);
  return (
    <>
      {error && <ErrorBanner error={error} />}
      {card.tierChanges.length === 0 ? (
        <p className="muted">{t("console.scorecard.noTierChanges")}</p>
      ) : (
        <ul className="feed" aria-label={t("console.scorecard.tierHistory")}>
          {card.tierChanges.map((change) => (
            <li key={change.id} className="feed-event">
              <span className="feed-what">
                {t("console.scorecard.change", { from: tierName(change.from), to: tierName(change.to) })}{" "}
                <span className="muted">
                  {change.automatic ? t("console.scorecard.automatic") : t("console.scorecard.byManager")}
                </span>
                {change.reversedAt && <span className="pill"> {t("console.scorecard.undone")}</span>}
              </span>
              <span className="cell-sub">
                {change.reason} · {format.dateTime(change.createdAt)}
              </span>
              {coach && change.id === undoable && (
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() =>
                    void run(api(`/users/${userId}/tier-changes/${change.id}/reverse`, { method: "POST" }))
                  }
                >
                  {t("console.scorecard.undo")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {coach && (
        <form className="audit-form" onSubmit={submit}>
          <label className="field">
            <span className="field-label">{t("console.scorecard.setTier")}</span>
            <select value={tier} onChange={(e) => setTier(e.target.value as Tier)}>
              {TIERS.map((name) => (
                <option key={name} value={name}>
                  {tierName(name)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t("console.scorecard.reason")}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} />
          </label>
          <button type="submit" className="btn btn-primary btn-small" disabled={tier === card.person.tier}>
            {t("console.scorecard.apply")}
          </button>
        </form>
      )}
    </>
  );
}

function NoteForm({ userId, onSaved }: { userId: number; onSaved: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState("");
  const [label, setLabel] = useState("");
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    api(`/users/${userId}/coaching-notes`, {
      method: "POST",
      body: { body, ...(label.trim() ? { label: label.trim() } : {}) },
    }).then(
      () => {
        setBody("");
        setLabel("");
        setError(undefined);
        onSaved();
      },
      (e: unknown) => setError(describeError(e)),
    );
  };
  return (
    <form className="audit-form" onSubmit={submit} aria-label={t("console.scorecard.addNote")}>
      {error && <ErrorBanner error={error} />}
      <label className="field">
        <span className="field-label">{t("console.scorecard.noteBody")}</span>
        <textarea value={body} onChange={(e) => setBody(e.target.value)} required maxLength={4000} rows={2} />
      </label>
      <label className="field">
        <span className="field-label">{t("console.scorecard.noteLabel")}</span>
        <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={200} />
      </label>
      <button type="submit" className="btn btn-primary btn-small">
        {t("console.scorecard.save")}
      </button>
    </form>
  );
}
