import type { UserView } from "@quorum/server";
import { lazy, Suspense, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { userResponseCheck } from "./api/body-check.js";
import { api, onUnauthenticated } from "./api/client.js";
import { DocumentTitle } from "./components/document-title.js";
import { RouterProvider, useRouter } from "./components/router.js";
import { SessionContext } from "./components/session.js";
import { PageLoading } from "./components/ui.js";
import { languageFor, switchLanguage } from "./i18n/language.js";
import { areaFor, homeFor, routeArea, routePath } from "./lib/router.js";
import { PasswordChangeRequired } from "./pages/account/password-change-required.js";
import { OpenPage } from "./pages/open/open-page.js";
import { SignInPage } from "./pages/sign-in.js";
import { WorkspaceArea } from "./pages/workspace/workspace-area.js";

// The console is its own chunk: annotators never download it.
const ConsoleArea = lazy(() => import("./pages/console/console-area.js"));

/** Switches the interface to the person's language (their choice, else their first language) before showing them a page. */
async function inTheirLanguage(user: UserView | null): Promise<UserView | null> {
  await switchLanguage(languageFor(user ?? undefined)).catch(() => undefined);
  return user;
}

function Shell() {
  const { t } = useTranslation();
  const { route, navigate } = useRouter();
  const [user, setUser] = useState<UserView | null | undefined>(undefined);
  // Set when a call answered 401 while signed in: the sign-in page then says why it is back.
  const [sessionEnded, setSessionEnded] = useState(false);
  const adopt = useCallback((next: UserView | null) => {
    if (next) setSessionEnded(false);
    void inTheirLanguage(next).then(setUser);
  }, []);

  useEffect(() => {
    api("/auth/me", { check: userResponseCheck })
      .then((r) => adopt(r.user))
      .catch(() => adopt(null));
    return onUnauthenticated(() => {
      setSessionEnded(true);
      setUser(null);
    });
  }, [adopt]);

  const signOut = useCallback(() => {
    void api("/auth/logout", { method: "POST" })
      .catch(() => undefined)
      .finally(() => {
        setUser(null);
        navigate({ name: "signin" });
      });
  }, [navigate]);

  const area = routeArea(route);
  useEffect(() => {
    if (user === undefined || area === "open") return;
    if (user === null && area !== "public") {
      const back = route.name === "home" ? "" : `?next=${encodeURIComponent(routePath(route))}`;
      navigate(`/signin${back}`, { replace: true });
    } else if (user && (area === "public" || route.name === "home")) {
      navigate(homeFor(user.role), { replace: true });
    } else if (user && (area === "workspace" || area === "console") && area !== areaFor(user.role)) {
      navigate(homeFor(user.role), { replace: true });
    }
  }, [user, area, route, navigate]);

  // A campaign's sign-up and the password link work for anyone, signed in or not.
  if (area === "open") return <OpenPage route={route} onSignedIn={adopt} />;
  if (user === undefined) return <PageLoading />;
  if (user === null)
    return area === "public" ? <SignInPage onSignedIn={adopt} sessionEnded={sessionEnded} /> : <PageLoading />;
  if (route.name === "not-found")
    return (
      <div className="not-found">
        <h1>{t("common.pageNotFound")}</h1>
        <p>
          <a href="/">{t("common.goToStart")}</a>
        </p>
      </div>
    );
  // A password someone else set: nothing else until it is changed; then the page they asked for.
  if (user.passwordChangeRequired)
    return (
      <SessionContext.Provider value={{ user, signOut }}>
        <PasswordChangeRequired onChanged={() => setUser({ ...user, passwordChangeRequired: false })} />
      </SessionContext.Provider>
    );
  return (
    <SessionContext.Provider value={{ user, signOut }}>
      {area === "workspace" && areaFor(user.role) === "workspace" ? (
        <WorkspaceArea />
      ) : area === "console" && areaFor(user.role) === "console" ? (
        <Suspense fallback={<PageLoading />}>
          <ConsoleArea />
        </Suspense>
      ) : (
        <PageLoading />
      )}
    </SessionContext.Provider>
  );
}

export function App() {
  return (
    <RouterProvider>
      <DocumentTitle>
        <Shell />
      </DocumentTitle>
    </RouterProvider>
  );
}
