import type { KeyInput } from "./keyboard.js";

/** Whether a key went to a field that takes typing, where letters and digits are text, not shortcuts. */
function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && target.type !== "checkbox" && target.type !== "radio") ||
    target instanceof HTMLSelectElement
  );
}

/** What `keyAction` needs of a browser key event. */
export function keyInputOf(event: KeyboardEvent): KeyInput {
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    inTextField: isTextField(event.target),
  };
}
