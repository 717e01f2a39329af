// A neutral chart (the bot's model) → a chart.js configuration, handed to the page as JSON in a
// data attribute. Plain data only: no functions, so it survives JSON and cannot carry script.
import type { Chart } from '../conversation/model.ts';

/** Reported, late, not reported: green, amber, grey (colour is never the only cue: legends name them). */
export const STATE_COLOURS = ['#2e7d4f', '#c98414', '#c3c8d1'] as const;

export interface ChartOptions {
  colours?: readonly string[];
  /** Bars along the y axis (long category names). */
  horizontal?: boolean;
  /** Show the legend (default true). */
  legend?: boolean;
  /** Bars side by side (planned beside actual) instead of stacked. */
  grouped?: boolean;
}

export function chartConfig(chart: Chart, options: ChartOptions = {}): Record<string, unknown> {
  const colours = options.colours ?? defaultColours(chart.series.length);
  const legend = { display: options.legend ?? true, position: 'bottom' };
  const categories = [...new Set(chart.series.flatMap((s) => s.points.map((p) => p.category)))];
  if (chart.kind === 'pie') {
    const points = chart.series[0]?.points ?? [];
    return {
      type: 'doughnut',
      data: {
        labels: points.map((p) => p.category),
        datasets: [{ data: points.map((p) => p.value), backgroundColor: colours, borderWidth: 1 }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        cutout: '68%',
        plugins: { legend },
      },
    };
  }
  const stacked = !options.grouped;
  const valueAxis = { stacked, beginAtZero: true, ticks: { precision: 0 } };
  const categoryAxis = { stacked, grid: { display: false } };
  return {
    type: 'bar',
    data: {
      labels: categories,
      datasets: chart.series.map((s, i) => ({
        label: s.name,
        data: categories.map((c) => s.points.find((p) => p.category === c)?.value ?? 0),
        backgroundColor: colours[i % colours.length],
        borderRadius: 2,
        maxBarThickness: 36,
      })),
    },
    options: {
      indexAxis: options.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend },
      scales: options.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
    },
  };
}

function defaultColours(series: number): readonly string[] {
  return series === 2 ? [STATE_COLOURS[0], STATE_COLOURS[2]] : STATE_COLOURS;
}
