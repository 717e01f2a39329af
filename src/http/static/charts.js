// Draws every chart the server described (<canvas data-chart="{…chart.js config…}">) with chart.js.
// window.bangfuCharts(root) draws the charts inside content added later (the console's replies).
(() => {
  const FONT =
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

  function draw(root) {
    const ChartJs = window.Chart;
    if (!ChartJs) return;
    ChartJs.defaults.font.family = FONT;
    ChartJs.defaults.color = '#3d4451';
    for (const canvas of root.querySelectorAll('canvas[data-chart]:not([data-drawn])')) {
      canvas.dataset.drawn = 'true';
      try {
        const chart = new ChartJs(canvas, JSON.parse(canvas.dataset.chart));
        canvas.chart = chart;
      } catch (error) {
        console.error('chart', error);
      }
    }
  }

  window.bangfuCharts = draw;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => draw(document));
  else draw(document);
})();
