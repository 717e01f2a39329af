// Reads the console's and dashboard's static files once at start (Node): our stylesheet and scripts,
// and chart.js's UMD build from node_modules (no build step).
import { readFileSync } from 'node:fs';
import type { WebAsset } from '../http/assets.ts';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

export function readWebAssets(root: (path: string) => string): WebAsset[] {
  const read = (path: string) => readFileSync(root(path), 'utf8');
  return [
    { name: 'app.css', contentType: CSS, body: read('src/http/static/app.css') },
    { name: 'console.css', contentType: CSS, body: read('src/channels/console/static/console.css') },
    { name: 'dashboard.css', contentType: CSS, body: read('src/dashboard/static/dashboard.css') },
    { name: 'clock.js', contentType: JS, body: read('src/channels/console/static/clock.js') },
    { name: 'charts.js', contentType: JS, body: read('src/http/static/charts.js') },
    { name: 'console.js', contentType: JS, body: read('src/channels/console/static/console.js') },
    { name: 'dashboard.js', contentType: JS, body: read('src/dashboard/static/dashboard.js') },
    {
      name: 'chart.umd.js',
      contentType: JS,
      // The source map is not served: drop the comment pointing at it.
      body: read('node_modules/chart.js/dist/chart.umd.min.js').replace(
        /\n\/\/# sourceMappingURL=\S+\s*$/,
        '\n',
      ),
    },
  ];
}
