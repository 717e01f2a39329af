// The progress card: per obligation, reported against owed, as a chart and a line each.
import { localDate } from '../../domain/clock.ts';
import type { ObligationStatus } from '../../domain/status.ts';
import { say } from '../../prompts.ts';
import type { Identified } from '../identify.ts';
import type { Card } from '../model.ts';
import { percent } from './status-ask.ts';

export function progressCard(
  who: Identified,
  period: string,
  obligations: readonly ObligationStatus[],
  now: Date,
): Card {
  return {
    title: say('progress.title', { period }),
    subtitle: say('progress.subtitle', { unit: who.unit.name, today: localDate(now) }),
    tone: 'info',
    blocks: [
      {
        kind: 'chart',
        chart: {
          kind: 'bar',
          title: say('progress.chartTitle'),
          series: [
            {
              name: say('progress.reported'),
              points: obligations.map((o) => ({
                category: o.obligation.shortName,
                value: o.progress.reported,
              })),
            },
            {
              name: say('progress.notReported'),
              points: obligations.map((o) => ({
                category: o.obligation.shortName,
                value: o.progress.notReported,
              })),
            },
          ],
        },
      },
      {
        kind: 'fields',
        fields: obligations.map((o) => ({
          label: o.obligation.title,
          value: say('progress.line', { ...o.progress, rate: percent(o.progress.rate) }),
        })),
      },
    ],
  };
}
