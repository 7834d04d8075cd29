/**
 * The buttons of a list paged by a `before` cursor, newest first: back to the newest page while an
 * older one is shown, and on to the older page the response's `nextBefore` names.
 */
export function OlderNewerPager({
  before,
  nextBefore,
  onPage,
  newestLabel,
  olderLabel,
}: {
  before: number | undefined;
  nextBefore: number | null | undefined;
  onPage: (before: number | undefined) => void;
  newestLabel: string;
  olderLabel: string;
}) {
  const older = nextBefore ?? null;
  if (before === undefined && older === null) return null;
  return (
    <div className="row-actions">
      {before !== undefined && (
        <button type="button" className="btn btn-small" onClick={() => onPage(undefined)}>
          {newestLabel}
        </button>
      )}
      {older !== null && (
        <button type="button" className="btn btn-small" onClick={() => onPage(older)}>
          {olderLabel}
        </button>
      )}
    </div>
  );
}
