// The pages' static files (stylesheet, scripts, chart.js), read once at start by the runtime and
// served from memory under /console/assets/<name>.
import { Hono } from 'hono';
import { ASSET_PREFIX } from './page.ts';

export interface WebAsset {
  name: string;
  contentType: string;
  body: string;
}

export function assetRoutes(assets: readonly WebAsset[]): Hono {
  const byName = new Map(assets.map((a) => [a.name, a]));
  const app = new Hono();
  app.get(`${ASSET_PREFIX}/:name`, (c) => {
    const asset = byName.get(c.req.param('name'));
    if (!asset) return c.json({ ok: false, error: 'not_found' }, 404);
    return c.body(asset.body, 200, {
      'Content-Type': asset.contentType,
      'Cache-Control': 'private, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    });
  });
  return app;
}
