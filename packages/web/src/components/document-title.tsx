import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { documentTitle, pageName } from "../lib/page-title.js";
import { routePath } from "../lib/router.js";
import { useRouter } from "./router.js";

interface Subject {
  path: string;
  name: string;
}

const SubjectContext = createContext<(subject: Subject | undefined) => void>(() => undefined);

/**
 * Keeps the browser tab's title on the current page: its name from the route, and the name of
 * what it shows (a project, a person) from the page itself through `useTitleSubject`.
 */
export function DocumentTitle({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { route } = useRouter();
  const [subject, setSubject] = useState<Subject | undefined>(undefined);
  const path = routePath(route);
  // A subject named on another page (one still leaving) is not this page's.
  const name = subject?.path === path ? subject.name : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the names follow the language too
  useEffect(() => {
    document.title = documentTitle(pageName(route, t), name);
  }, [route, name, t, i18n.language]);
  return <SubjectContext.Provider value={setSubject}>{children}</SubjectContext.Provider>;
}

/** Names what the current page shows in the tab's title once it is known (a project's name, say). */
export function useTitleSubject(name: string | undefined): void {
  const set = useContext(SubjectContext);
  const { route } = useRouter();
  const path = routePath(route);
  useEffect(() => {
    if (!name) return;
    set({ path, name });
    return () => set(undefined);
  }, [set, path, name]);
}
