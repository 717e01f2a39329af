// A neutral chart → a Feishu `chart` element with a VChart spec (no JavaScript, data inline).
import type { Chart } from '../../conversation/model.ts';
import type { CardElement } from './card-json.ts';

export function renderChart(chart: Chart): CardElement {
  return { tag: 'chart', chart_spec: chart.kind === 'pie' ? pieSpec(chart) : barSpec(chart) };
}

function barSpec(chart: Chart): Record<string, unknown> {
  const stacked = chart.series.length > 1;
  const values = chart.series.flatMap((series) =>
    series.points.map((point) => ({ category: point.category, series: series.name, value: point.value })),
  );
  return {
    type: 'bar',
    title: { text: chart.title },
    data: { values },
    xField: 'category',
    yField: 'value',
    seriesField: 'series',
    stack: stacked,
    legends: { visible: stacked, orient: 'bottom' },
  };
}

/** A pie shows one series: the first. */
function pieSpec(chart: Chart): Record<string, unknown> {
  const points = chart.series[0]?.points ?? [];
  return {
    type: 'pie',
    title: { text: chart.title },
    data: { values: points.map((point) => ({ category: point.category, value: point.value })) },
    categoryField: 'category',
    valueField: 'value',
    outerRadius: 0.9,
    innerRadius: 0.3,
    label: { visible: true },
    legends: { visible: true, orient: 'bottom' },
  };
}
