import { HARM_CATEGORIES } from "@quorum/core";
import type { WellbeingStateView } from "@quorum/server";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../api/client.js";
import { Field } from "../../components/field.js";
import { ErrorBanner, PageLoading } from "../../components/ui.js";
import { useFormat } from "../../i18n/use-format.js";
import { useApi } from "../console/use-api.js";
import { ExposureStrip } from "./wellbeing-strip.js";

type Choice = "default" | "on" | "off";
const MEDIA = ["blur", "greyscale", "mute"] as const;
const WHO5 = ["q1", "q2", "q3", "q4", "q5"] as const;

function choiceOf(value: boolean | null | undefined): Choice {
  return value === true ? "on" : value === false ? "off" : "default";
}

/** The annotator's own wellbeing: media filters for harmful content, today's exposure, the optional WHO-5 check-in. */
export default function WellbeingPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const state = useApi<WellbeingStateView>("/wellbeing/me");
  const history = useApi<{ checkins: { score: number; createdAt: string }[] }>("/wellbeing/me/checkins");
  const [status, setStatus] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [answers, setAnswers] = useState<(number | undefined)[]>([
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
  const [score, setScore] = useState<number | undefined>();

  if (!state.data) return state.error ? <ErrorBanner error={state.error} onRetry={state.reload} /> : <PageLoading />;
  const media = state.data.media;
  const seen = HARM_CATEGORIES.filter((c) =>
    state.data?.categories.some((x) => x.category === c && x.itemsThisWeek > 0),
  );

  const setMedia = async (key: (typeof MEDIA)[number], choice: Choice) => {
    setError(undefined);
    try {
      await api("/wellbeing/me/media", {
        method: "PATCH",
        body: { [key]: choice === "default" ? null : choice === "on" },
      });
      setStatus(t("wellbeing.saved"));
      state.reload();
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  const sendCheckin = async () => {
    setError(undefined);
    try {
      const result = await api<{ score: number }>("/wellbeing/checkins", { method: "POST", body: { answers } });
      setScore(result.score);
      history.reload();
    } catch (e) {
      setError(describeError(e, t));
    }
  };

  return (
    <main className="earnings-page wellbeing-page">
      <h1>{t("wellbeing.settingsTitle")}</h1>
      <p className="muted">{t("wellbeing.settingsIntro")}</p>
      {error && <ErrorBanner error={error} />}
      <section className="card form-section">
        {MEDIA.map((key) => (
          <Field key={key} label={t(`wellbeing.${key}`)}>
            {(control) => (
              <select
                {...control}
                data-testid={`media-${key}`}
                value={choiceOf(media[key])}
                onChange={(e) => void setMedia(key, e.target.value as Choice)}
              >
                <option value="default">{t("wellbeing.choiceDefault")}</option>
                <option value="on">{t("wellbeing.choiceOn")}</option>
                <option value="off">{t("wellbeing.choiceOff")}</option>
              </select>
            )}
          </Field>
        ))}
        <p role="status" className="muted">
          {status}
        </p>
      </section>
      <section className="card form-section">
        <h2>{t("wellbeing.exposureTitle")}</h2>
        {seen.length === 0 ? (
          <p className="muted">{t("wellbeing.exposureNone")}</p>
        ) : (
          <ExposureStrip state={state.data} categories={seen} />
        )}
      </section>
      <section className="card form-section">
        <h2>{t("wellbeing.checkinTitle")}</h2>
        <p className="muted">{t("wellbeing.checkinIntro")}</p>
        {WHO5.map((item, index) => (
          <fieldset key={item} className="who5-item">
            <legend>{t(`wellbeing.who5.${item}`)}</legend>
            {[0, 1, 2, 3, 4, 5].map((value) => (
              <label key={value}>
                <input
                  type="radio"
                  name={item}
                  value={value}
                  checked={answers[index] === value}
                  onChange={() => setAnswers((list) => list.map((a, i) => (i === index ? value : a)))}
                />{" "}
                {value}
              </label>
            ))}
          </fieldset>
        ))}
        <button
          type="button"
          className="btn btn-primary"
          disabled={answers.some((a) => a === undefined)}
          onClick={() => void sendCheckin()}
        >
          {t("wellbeing.submitCheckin")}
        </button>
        {score !== undefined && <p role="status">{t("wellbeing.score", { score })}</p>}
        <h3>{t("wellbeing.history")}</h3>
        {history.data && history.data.checkins.length > 0 ? (
          <ul>
            {history.data.checkins.map((c) => (
              <li key={c.createdAt}>
                {format.dateTime(c.createdAt)}: {c.score}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t("wellbeing.none")}</p>
        )}
      </section>
    </main>
  );
}
