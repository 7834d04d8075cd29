import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n/instance.js";
import { ApiError, describeError } from "./client.js";

describe("describeError", () => {
  it("tells an annotator or reviewer the errors of their work in their language", async () => {
    const i18n = createI18n();
    await i18n.changeLanguage("ja");
    const undo = new ApiError(409, "undo_unavailable", "Only your most recent verdict can be undone");
    expect(describeError(undo, i18n.t)).toBe(
      "この判定はもう取り消せません。取り消せるのは直前の判定だけで、2 分以内かつタスクがまだ誰にも再開されていない場合に限ります。",
    );
    await i18n.changeLanguage("de");
    expect(describeError(new ApiError(0, "network", "offline"), i18n.t)).toMatch(/^Keine Verbindung zum Server/);
  });

  it("keeps the server's words, with the field details, for other errors or without a language", () => {
    const invalid = new ApiError(400, "invalid_input", "The request body is not valid", [
      { path: "language", message: "use a BCP 47 language tag" },
    ]);
    expect(describeError(invalid, createI18n().t)).toBe(
      "The request body is not valid (language: use a BCP 47 language tag)",
    );
    expect(describeError(new ApiError(409, "undo_unavailable", "Too late"))).toBe("Too late");
  });
});
