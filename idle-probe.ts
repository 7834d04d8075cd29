import { readFileSync, readdirSync } from "node:fs";
import { chromium, type Page } from "playwright-core";
const base = "http://127.0.0.1:4314";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
function mine() {
  const parent = new Map<number, number>(); const cpu = new Map<number, number>();
  for (const p of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try { const stat = readFileSync(`/proc/${p}/stat`, "utf8"); const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parent.set(Number(p), Number(f[1])); cpu.set(Number(p), (Number(f[11]) + Number(f[12])) / 100); } catch {}
  }
  let total = 0;
  for (const [pid, s] of cpu) { let q: number | undefined = pid; while (q && q !== process.pid && q > 1) q = parent.get(q); if (q === process.pid && pid !== process.pid) total += s; }
  return total;
}
async function signIn(page: Page, email: string) {
  await page.goto(`${base}/signin`);
  await page.locator("input[name=email]").fill(email);
  await page.locator("input[name=password]").fill("quorum-demo");
  await page.keyboard.press("Enter");
  await page.locator(".topbar, .label-bar").first().waitFor();
}
const settle = () => new Promise((r) => setTimeout(r, 3000));
const who = process.env.WHO ?? "manager@quorum.local";
const ctx0 = await browser.newContext({ viewport: { width: 1360, height: 900 } });
const p0 = await ctx0.newPage(); await signIn(p0, who);
const cookies = await ctx0.cookies();
await settle();
for (const path of process.argv.slice(2)) {
  // a new context given the cookie, opening the path straight, vs home first
  let t = mine();
  const c1 = await browser.newContext({ viewport: { width: 1360, height: 900 } }); await c1.addCookies(cookies);
  const a = await c1.newPage(); await a.goto(`${base}${path}`); await a.waitForLoadState("networkidle"); await settle();
  const direct = mine() - t; await c1.close();
  t = mine();
  const c2 = await browser.newContext({ viewport: { width: 1360, height: 900 } }); await c2.addCookies(cookies);
  const b = await c2.newPage(); await b.goto(`${base}/`); await b.locator(".topbar, .label-bar").first().waitFor(); await b.goto(`${base}${path}`); await b.waitForLoadState("networkidle"); await settle();
  const viaHome = mine() - t;
  t = mine();
  await b.screenshot({ path: "/tmp/suite-time-scratch/x.png", fullPage: true });
  const shot = mine() - t;
  t = mine();
  await b.screenshot({ path: "/tmp/suite-time-scratch/x.png" });
  const shotView = mine() - t;
  await c2.close();
  console.log(path, `direct ${direct.toFixed(2)} via home ${viaHome.toFixed(2)} (3 s settle each incl.) fullPage screenshot ${shot.toFixed(2)} viewport screenshot ${shotView.toFixed(2)}`);
}
await browser.close();
