import { chromium } from 'playwright-core';
const url = process.argv[2];
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new','--no-sandbox','--enable-unsafe-webgpu'] });
const ctx = await b.newContext({ viewport: { width: 1280, height: 800 } });
const p = await ctx.newPage();
p.on('console', m => { if (m.type()==='error' || m.type()==='warning') console.log('console', m.type(), m.text().slice(0,300)); });
p.on('pageerror', e => console.log('pageerror', e.message));
for (let visit = 0; visit < Number(process.argv[3] ?? 1); visit++) {
  const t0 = Date.now();
  await p.goto(url);
  await p.waitForFunction(() => window.mtlLab !== undefined);
  await p.evaluate(() => window.mtlLab.ready());
  console.log('visit', visit, 'ready after', Date.now()-t0, 'ms', JSON.stringify(await p.evaluate(() => window.mtlLab.getState().backend)));
  for (let i = 0; i < 30; i++) {
    const st = await p.locator('[data-testid=backend-status]').innerText();
    const sp = await p.locator('[data-testid=backend-speeds]').innerText();
    const h = await p.locator('header').boundingBox();
    console.log((Date.now()-t0)+'ms', 'h', h.height, '|', st, '|', sp);
    if (/Moved|measured fastest|remembered|Stayed/.test(st)) break;
    await p.waitForTimeout(1000);
  }
}
await p.screenshot({ path: '/tmp/i14/shot.png' });
await b.close();
