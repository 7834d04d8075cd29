/**
 * A reviewer on a phone (390 × 844, touch only) in Debian's Chromium against `quorum serve` with
 * its demo: the review queue shows each project's button to review within the window, "Start
 * reviewing" opens an item with the guidelines one tap away (and back), Accept by tap takes the
 * next item, Undo brings the verdict back, Correct takes the right answer by tap and Reject sends
 * the next item back. Every screen fits the window, with controls a fingertip tall, text 14 px or
 * more and inputs that don't make iOS zoom.
 */
import { describe, expect, it } from "vitest";
import { browserAvailable } from "./support/browser.js";
import { DEMO_PASSWORD, demoInBrowser } from "./support/demo-in-browser.js";
import { expectFitsPhone, PHONE, PHONE_CONTEXT } from "./support/phone.js";

const available = browserAvailable();

describe.skipIf(!available)("a reviewer on a phone", () => {
  const { url, openPage, pageErrors } = demoInBrowser(PHONE);

  it("accepts an item by tap from the review queue, undoes it, corrects it and rejects the next", async () => {
    const page = await openPage(PHONE_CONTEXT);
    await page.goto(`${url()}/signin`);
    await page.locator("input[name=email]").fill("reviewer@quorum.local");
    await page.locator("input[name=password]").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).tap();

    // The queue: each project's Review button lies inside the window, not scrolled off to the side.
    const row = page.locator("tr[data-project-id]", { hasText: "Policy violations — social posts" });
    await row.getByTestId("pending-count").getByText(/\d/).waitFor();
    await expectFitsPhone(page, "review-queue");
    const review = row.getByRole("link", { name: "Review" });
    const box = (await review.boundingBox())!;
    expect(box.x + box.width, "the Review button's right edge").toBeLessThanOrEqual(390);
    await review.tap();

    await page.getByRole("button", { name: "Start reviewing" }).tap();
    const item = page.locator("[data-review-item]");
    await item.waitFor();
    await expectFitsPhone(page, "review-item");

    await page.getByRole("button", { name: /^Guidelines/ }).tap();
    const guidelines = page.getByRole("complementary", { name: "Guidelines" });
    await guidelines.locator("p").first().waitFor();
    await expectFitsPhone(page, "review-guidelines");
    await guidelines.getByRole("button", { name: "Hide guidelines" }).tap();
    await expect.poll(() => guidelines.count()).toBe(0);

    const first = await item.getAttribute("data-review-item");
    await page.getByRole("button", { name: /^Accept/ }).tap();
    await expect.poll(() => item.getAttribute("data-review-item")).not.toBe(first);
    await page.getByText(`Accepted task`).waitFor();
    await expectFitsPhone(page, "review-accepted");

    await page.getByRole("button", { name: /^Undo/ }).tap();
    await page.getByText("taken back: decide it again").waitFor();
    await expect.poll(() => item.getAttribute("data-review-item")).toBe(first);

    // Correct it by tap: the right answer's options, then Save correction.
    await page.getByRole("button", { name: /^Correct/ }).tap();
    const correction = page.getByRole("region", { name: "Correction" });
    await correction.getByRole("button", { name: /No violation/ }).tap();
    await expectFitsPhone(page, "review-correction");
    await correction.getByRole("button", { name: /^Save correction/ }).tap();
    await page.getByText("Corrected task").waitFor();
    await expect.poll(() => item.getAttribute("data-review-item")).not.toBe(first);

    // And reject the next.
    const next = await item.getAttribute("data-review-item");
    await page.getByRole("button", { name: /^Reject/ }).tap();
    await page.getByText("Rejected task").waitFor();
    await expect.poll(() => item.getAttribute("data-review-item")).not.toBe(next);
    expect(pageErrors, "uncaught errors in the page").toEqual([]);
    await page.context().close();
  });
});
