// The frame of the console and dashboard pages: header, navigation, stylesheet and scripts (all
// same-origin, no inline script), and the security headers every such page is served with.
import type { MiddlewareHandler } from 'hono';
import { say } from '../prompts.ts';
import { type Html, html } from './html.ts';

export const ASSET_PREFIX = '/console/assets';

export interface PageOptions {
  title: string;
  active: 'console' | 'dashboard';
  body: Html;
  /** Stylesheets after the shared app.css. */
  styles: readonly string[];
  scripts: readonly string[];
  /** data-* attributes of <body> (how the server hands values to the script). */
  dataset?: Readonly<Record<string, string>>;
  /** Marks the page as the demo (demo roster, movable clock). */
  demo: boolean;
}

export function renderPage(options: PageOptions): string {
  const data = Object.entries(options.dataset ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
  const link = (href: string, label: string, current: boolean) =>
    html`<a class="nav-link" href="${href}"${current ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${say('console.product')}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSET_PREFIX}/app.css">
${options.styles.map((s) => html`<link rel="stylesheet" href="${ASSET_PREFIX}/${s}">\n`)}
${options.scripts.map((s) => html`<script src="${ASSET_PREFIX}/${s}" defer></script>\n`)}
</head>
<body${data}>
<a class="skip" href="#main">${say('console.skipToContent')}</a>
<header class="topbar">
  <div class="brand"><span class="brand-mark" aria-hidden="true">帮</span><span>${say('console.product')}</span></div>
  <nav aria-label="${say('console.navLabel')}">
    ${link('/console', say('console.navConsole'), options.active === 'console')}
    ${link('/dashboard', say('console.navDashboard'), options.active === 'dashboard')}
  </nav>
  ${options.demo ? html`<span class="badge-demo" title="${say('console.demoHint')}">${say('console.demoBadge')}</span>` : ''}
</header>
<main id="main">
${options.body}
</main>
</body>
</html>`.value;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** No inline script or style can run, the page is never framed, and nothing is sniffed or referred. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('X-Frame-Options', 'DENY');
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};
