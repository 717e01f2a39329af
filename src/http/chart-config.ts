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
  /** Lines through the categories (a trend), not bars. */
  line?: boolean;
  /** The value axis from 0 to 100, read as percentages. */
  percent?: boolean;
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
  const stacked = !options.grouped && !options.line;
  const valueAxis = {
    stacked,
    beginAtZero: true,
    ...(options.percent ? { max: 100, ticks: { precision: 0, stepSize: 25 } } : { ticks: { precision: 0 } }),
  };
  const categoryAxis = { stacked, grid: { display: false } };
  return {
    type: options.line ? 'line' : 'bar',
    data: {
      labels: categories,
      datasets: chart.series.map((s, i) => ({
        label: s.name,
        data: categories.map((c) => s.points.find((p) => p.category === c)?.value ?? 0),
        backgroundColor: colours[i % colours.length],
        borderColor: colours[i % colours.length],
        borderRadius: 2,
        maxBarThickness: 36,
        // A line is told apart by its dashes and points as well as its colour.
        ...(options.line
          ? i === chart.series.length - 1
            ? { borderWidth: 4, pointRadius: 5 }
            : { borderWidth: 2, pointRadius: 3, borderDash: DASHES[i % DASHES.length] }
          : {}),
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

/** The total is the thick solid line; the others are dashed, each its own way. */
const DASHES = [
  [6, 3],
  [2, 3],
  [10, 4, 2, 4],
  [4, 4],
] as const;

function defaultColours(series: number): readonly string[] {
  return series === 2 ? [STATE_COLOURS[0], STATE_COLOURS[2]] : STATE_COLOURS;
}
