import { type ReactNode, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * Whether the links overflow the navigation, and which ends of the row hide some, in reading
 * order (start is the right in right-to-left, where `scrollLeft` counts negative).
 */
interface Hidden {
  overflow: boolean;
  start: boolean;
  end: boolean;
}

function hiddenLinks(row: HTMLElement): Hidden {
  const along = Math.abs(row.scrollLeft);
  // Against the whole navigation, buttons included, so showing them can't change the answer.
  const overflow = row.scrollWidth > (row.parentElement?.clientWidth ?? row.clientWidth);
  return { overflow, start: overflow && along > 1, end: overflow && along + row.clientWidth < row.scrollWidth - 1 };
}

/**
 * The top bar's navigation: takes the room the bar's other controls leave and, when its links
 * don't fit, scrolls sideways between two buttons, each shown while its end hides links (both
 * keep their room, so the row doesn't move under the pointer or the focus as they come and go).
 * Keyboard users Tab through the links (each scrolls wholly into view as it takes the focus), so the
 * buttons are for the pointer only. The current page's link is scrolled into view when it changes
 * and when the buttons appear.
 */
export function TopNav({ label, current, children }: { label: string; current: string; children: ReactNode }) {
  const { t } = useTranslation();
  const row = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState<Hidden>({ overflow: false, start: false, end: false });

  const measure = useCallback(() => {
    const element = row.current;
    if (!element) return;
    const next = hiddenLinks(element);
    setHidden((previous) =>
      previous.overflow === next.overflow && previous.start === next.start && previous.end === next.end
        ? previous
        : next,
    );
  }, []);

  useEffect(() => {
    const element = row.current;
    if (!element) return;
    // The navigation's size (the window) and its links' (another language, fonts loading) count.
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.parentElement) observer.observe(element.parentElement);
    for (const link of element.children) observer.observe(link);
    // A mouse wheel's vertical turn moves the row sideways while it has links out of view.
    const onWheel = (event: WheelEvent) => {
      if (event.deltaX !== 0 || event.deltaY === 0 || element.scrollWidth <= element.clientWidth) return;
      event.preventDefault();
      const rtl = getComputedStyle(element).direction === "rtl";
      element.scrollLeft += rtl ? -event.deltaY : event.deltaY;
    };
    // Browsers leave a partly shown link partly hidden when it takes the focus.
    const onFocus = (event: FocusEvent) => {
      if (event.target instanceof Element && event.target !== element)
        event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
    };
    element.addEventListener("wheel", onWheel, { passive: false });
    element.addEventListener("focusin", onFocus);
    element.addEventListener("scroll", measure, { passive: true });
    return () => {
      observer.disconnect();
      element.removeEventListener("wheel", onWheel);
      element.removeEventListener("focusin", onFocus);
      element.removeEventListener("scroll", measure);
    };
  }, [measure]);

  // Again once the scroll buttons appear: they take room from the row, and would otherwise cover
  // the current link scrolled to its end before they were there (a page opened by its address).
  // biome-ignore lint/correctness/useExhaustiveDependencies: another page marks another link as current
  useLayoutEffect(() => {
    row.current?.querySelector("[aria-current=page]")?.scrollIntoView({ block: "nearest", inline: "nearest" });
    measure();
  }, [current, hidden.overflow, measure]);

  const scroll = (towards: "start" | "end") => {
    const element = row.current;
    if (!element) return;
    const rtl = getComputedStyle(element).direction === "rtl";
    const step = Math.max(element.clientWidth * 0.75, 120) * (towards === "end" ? 1 : -1);
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollBy({ left: rtl ? -step : step, behavior: still ? "auto" : "smooth" });
  };

  // Mouse-only (Tab already reaches every link), so out of the tab order and the accessibility tree.
  const scrollButton = (towards: "start" | "end") =>
    hidden.overflow && (
      <button
        type="button"
        className={`topnav-scroll topnav-scroll-${towards}`}
        disabled={!hidden[towards]}
        tabIndex={-1}
        aria-hidden="true"
        title={t(towards === "start" ? "nav.scrollBack" : "nav.scrollForward")}
        onClick={() => scroll(towards)}
      >
        <span className="arrow-back">{towards === "start" ? "‹" : "›"}</span>
      </button>
    );

  return (
    <nav className="topnav" aria-label={label}>
      {scrollButton("start")}
      <div className="topnav-links" ref={row}>
        {children}
      </div>
      {scrollButton("end")}
    </nav>
  );
}
