import { useSyncExternalStore } from "react";

/** A screen worked by touch alone: no pointer that hovers, and a coarse one (a finger). */
const TOUCH_ONLY = "(hover: none) and (pointer: coarse)";

function subscribe(changed: () => void): () => void {
  const query = matchMedia(TOUCH_ONLY);
  query.addEventListener("change", changed);
  return () => query.removeEventListener("change", changed);
}

const touchOnly = () => matchMedia(TOUCH_ONLY).matches;

/**
 * Whether the person works by touch alone (a phone or tablet without a keyboard): texts then say
 * "tap", never a key to press. Follows the device as it changes (a keyboard or mouse attached).
 */
export function useTouchOnly(): boolean {
  return useSyncExternalStore(subscribe, touchOnly, () => false);
}
