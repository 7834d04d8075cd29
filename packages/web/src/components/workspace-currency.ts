import type { WorkspaceSettingsView } from "@quorum/server";
import { useEffect, useState } from "react";
import { api } from "../api/client.js";

/** The workspace's default currency once read, shared by every form of this page load. */
let known: string | undefined;
let reading: Promise<string> | undefined;
const listeners = new Set<(currency: string) => void>();

/** Called when an admin saves another default, so the forms opened next start from it. */
export function rememberWorkspaceCurrency(currency: string): void {
  known = currency;
  reading = Promise.resolve(currency);
  for (const listener of listeners) listener(currency);
}

/**
 * The workspace's default currency (ISO 4217, `GET /workspace/settings`), read once per page load;
 * undefined until it has arrived (or if it could not be read: the form's field is then empty).
 */
export function useWorkspaceCurrency(): string | undefined {
  const [currency, setCurrency] = useState(known);
  useEffect(() => {
    listeners.add(setCurrency);
    if (known === undefined) {
      reading ??= api<WorkspaceSettingsView>("/workspace/settings").then((settings) => {
        known = settings.currency;
        return settings.currency;
      });
      reading.then(setCurrency, () => {
        reading = undefined;
      });
    }
    return () => {
      listeners.delete(setCurrency);
    };
  }, []);
  return currency;
}

/**
 * A money form's currency field starts from the workspace's default: `fill` is called with it once
 * it is known, while the field (`value`) is still empty, so nothing typed meanwhile is replaced.
 */
export function useDefaultCurrency(value: string, fill: (currency: string) => void): void {
  const currency = useWorkspaceCurrency();
  // biome-ignore lint/correctness/useExhaustiveDependencies: fills once, when the default arrives
  useEffect(() => {
    if (currency !== undefined && value === "") fill(currency);
  }, [currency]);
}
