import type { LabelSchema } from "@quorum/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useTouchOnly } from "../../components/touch-only.js";
import { type Field, type Side, taskLayout } from "../../lib/task-content.js";

interface MediaProps {
  blurred: boolean;
  /** Shown in greyscale until revealed (wellbeing filters for harmful media). */
  greyscale?: boolean | undefined;
  /** Audio and video start muted. */
  muted?: boolean | undefined;
  onReveal: () => void;
}

function Blurred({ blurred, greyscale, onReveal, children }: MediaProps & { children: ReactNode }) {
  const { t } = useTranslation();
  const touchOnly = useTouchOnly();
  if (!blurred && !greyscale) return <>{children}</>;
  const filter = `${blurred ? "media-filter-blur" : ""} ${greyscale ? "media-filter-grey" : ""}`;
  return (
    <div className="media-blur" data-filtered={blurred ? "blur" : "grey"}>
      <div className={`media-blur-content ${filter}`} aria-hidden={blurred ? "true" : undefined}>
        {children}
      </div>
      <button type="button" className="media-blur-button" onClick={onReveal} aria-keyshortcuts="v">
        {touchOnly ? t("task.sensitiveTouch") : t("task.sensitive")}
      </button>
    </div>
  );
}

function FieldValue({ field, media }: { field: Field; media: MediaProps }) {
  const value = field.value;
  switch (field.kind) {
    case "image":
      return (
        <Blurred {...media}>
          <div className="media-frame">
            <img src={String(value)} alt={field.label} decoding="async" />
          </div>
        </Blurred>
      );
    case "video":
      return (
        <Blurred {...media}>
          <div className="media-frame media-video">
            <video src={String(value)} controls preload="metadata" muted={media.muted === true} />
          </div>
        </Blurred>
      );
    case "audio":
      return (
        <audio src={String(value)} controls preload="metadata" className="media-audio" muted={media.muted === true} />
      );
    case "url":
      return (
        <a href={String(value)} target="_blank" rel="noopener noreferrer nofollow" className="field-link">
          {String(value)}
        </a>
      );
    case "text":
      // The task's own language and direction, whatever the interface's (dir="auto").
      return (
        <div className={`field-text ${String(value).length > 280 ? "field-text-long" : ""}`} dir="auto">
          {String(value)}
        </div>
      );
    case "json":
      return <pre className="field-json">{JSON.stringify(value, null, 2)}</pre>;
    default:
      return (
        <span className="field-scalar" dir="auto">
          {String(value)}
        </span>
      );
  }
}

function Fields({ fields, media, compact }: { fields: Field[]; media: MediaProps; compact?: boolean }) {
  return (
    <dl className={`task-fields ${compact ? "task-fields-compact" : ""}`}>
      {fields.map((f) => (
        <div key={f.key} className={`task-field task-field-${f.kind}`}>
          <dt>{f.label}</dt>
          <dd>
            <FieldValue field={f} media={media} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function SideView({ side, media }: { side: Side; media: MediaProps }) {
  if (side.kind === "fields") return <Fields fields={side.fields} media={media} compact />;
  return <FieldValue field={side.field} media={media} />;
}

/** The task's data, laid out for its kind: side by side, a search result under its query, or fields. */
export function TaskView({
  schema,
  data,
  blurred,
  greyscale,
  muted,
  onReveal,
  highlight,
}: {
  schema: LabelSchema;
  data: Record<string, unknown>;
  blurred: boolean;
  greyscale?: boolean;
  muted?: boolean;
  onReveal: () => void;
  /** The side the annotator picked, for pairwise tasks. */
  highlight?: string | undefined;
}) {
  const { t } = useTranslation();
  const layout = taskLayout(schema, data);
  const media = { blurred, greyscale, muted, onReveal };
  switch (layout.kind) {
    case "pairwise":
      return (
        <div className="task-pairwise">
          {layout.context.length > 0 && <Fields fields={layout.context} media={media} />}
          <div className="pair">
            <section
              className={`pair-side ${highlight === "left" ? "pair-picked" : ""}`}
              aria-label={t("task.leftCandidate")}
            >
              <h3>
                <kbd>1</kbd> {t("task.left")}
              </h3>
              <SideView side={layout.left} media={media} />
            </section>
            <section
              className={`pair-side ${highlight === "right" ? "pair-picked" : ""}`}
              aria-label={t("task.rightCandidate")}
            >
              <h3>
                <kbd>2</kbd> {t("task.right")}
              </h3>
              <SideView side={layout.right} media={media} />
            </section>
          </div>
        </div>
      );
    case "search":
      return (
        <div className="task-search">
          <div className="search-query">
            <span className="search-query-label">{t("task.query")}</span>
            <span className="search-query-text" lang={layout.language}>
              {layout.query}
            </span>
            {layout.language && <span className="lang-badge">{layout.language}</span>}
          </div>
          <article className="search-result" lang={layout.language}>
            {layout.url && <div className="search-url">{layout.url.replace(/^https?:\/\//, "")}</div>}
            {layout.title &&
              (layout.url ? (
                <a className="search-title" href={layout.url} target="_blank" rel="noopener noreferrer nofollow">
                  {layout.title}
                </a>
              ) : (
                <div className="search-title">{layout.title}</div>
              ))}
            {layout.snippet && <p className="search-snippet">{layout.snippet}</p>}
          </article>
          {layout.extra.length > 0 && <Fields fields={layout.extra} media={media} compact />}
        </div>
      );
    case "fields":
      return <Fields fields={layout.fields} media={media} />;
  }
}

/** URLs of images in a task's data, to warm the cache before the task is shown. */
export function imageUrls(data: unknown, depth = 0): string[] {
  if (depth > 3) return [];
  if (typeof data === "string") return /^https?:\/\/\S+\.(png|jpe?g|gif|webp|avif)(\?\S*)?$/i.test(data) ? [data] : [];
  if (Array.isArray(data)) return data.flatMap((d) => imageUrls(d, depth + 1));
  if (typeof data === "object" && data !== null) return Object.values(data).flatMap((d) => imageUrls(d, depth + 1));
  return [];
}
