import { readdirSync } from 'node:fs';
import { ADMIN_CHUNK_PATTERN, WIDGET_DIST } from '../../scripts/size-report.js';
import type { BrowserPage } from './browser.js';

/** The built admin chunk's file name (`npm test` builds the widget first). */
export function adminChunk(): string | undefined {
  return readdirSync(WIDGET_DIST).find((file) => ADMIN_CHUNK_PATTERN.test(file));
}

/**
 * Opens a bare staff page in `lang` holding only `<careloop-admin>`, loaded from the built admin chunk
 * and served by the test app's origin, as a board's own staff page would embed it.
 */
export async function serveAdminPage(web: Pick<BrowserPage, 'app' | 'page'>, lang = 'en'): Promise<void> {
  const url = `${web.app.baseUrl}/admin-page.html`;
  await web.page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="${lang}"><head><title>Staff</title>
          <script type="module" src="/widget/${adminChunk()}"></script></head>
          <body><main><careloop-admin></careloop-admin></main></body></html>`,
    }),
  );
  await web.page.goto(url);
}
