import type { UserView } from "@quorum/server";
import type { Route } from "../../lib/router.js";
import { JoinPage } from "./join-page.js";
import { SetPasswordPage } from "./set-password-page.js";

/** Pages anyone may open, signed in or not: a campaign's sign-up and the one-time password link. */
export function OpenPage({ route, onSignedIn }: { route: Route; onSignedIn: (user: UserView) => void }) {
  if (route.name === "join") return <JoinPage slug={route.slug} />;
  return <SetPasswordPage onSignedIn={onSignedIn} />;
}
