import type { UserView } from "@quorum/server";
import { createContext, useContext } from "react";

export interface Session {
  user: UserView;
  signOut: () => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a signed-in page");
  return session;
}
