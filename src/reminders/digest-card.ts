// The weekly digest card: completion per obligation as a chart and a line each, who is overdue (by
// city for the bureau, by county for a city), returned sheets waiting for correction, unread reminders
// once receipts are kept, and buttons that open the lists in the recipient's own scope.
import type { Digest } from '../app/digest.ts';
import { actionValue } from '../conversation/actions.ts';
import type { Block, Button, Card } from '../conversation/model.ts';
import { say } from '../prompts.ts';
import { periodWords } from '../wording.ts';

/** Shown by name at most; the rest are counted (the list button has them all). */
const RETURNED_SHOWN = 8;

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

/** `occasion`: why it was sent (its note says so); absent when the person asked for it. */
export function digestCard(
  digest: Digest,
  input: { today: string; occasion?: 'weekly' | 'after_deadline' },
): Card {
  const afterDeadline = input.occasion === 'after_deadline';
  const { figures } = digest;
  const period = periodWords(digest.period);
  const blocks: Block[] = [
    {
      kind: 'fields',
      fields: [
        { label: say('digest.owed'), value: String(figures.owed) },
        { label: say('digest.reported'), value: String(figures.reported) },
        {
          label: say('digest.rate'),
          value: percent(figures.owed === 0 ? 1 : figures.reported / figures.owed),
        },
        { label: say('digest.overdue'), value: String(figures.overdue) },
        { label: say('digest.returned'), value: String(figures.returned.length) },
        { label: say('digest.unread'), value: String(digest.unread) },
      ],
    },
  ];
  if (figures.lines.length > 0) {
    const series = (name: string, value: (l: (typeof figures.lines)[number]) => number) => ({
      name,
      points: figures.lines.map((l) => ({ category: l.name, value: value(l) })),
    });
    blocks.push(
      {
        kind: 'chart',
        chart: {
          kind: 'bar',
          title: say('digest.chartTitle'),
          series: [
            series(say('digest.reported'), (l) => l.reported),
            series(say('digest.returned'), (l) => l.returned),
            series(say('digest.notReported'), (l) => l.total - l.reported - l.returned),
          ],
        },
      },
      {
        kind: 'text',
        text: figures.lines
          .map((l) =>
            say('digest.line', {
              name: l.name,
              due: l.due,
              reported: l.reported,
              total: l.total,
              rate: percent(l.rate),
            }),
          )
          .join('\n'),
      },
    );
  } else {
    blocks.push({ kind: 'text', text: say('digest.nothingOwed', { period }) });
  }
  blocks.push({
    kind: 'text',
    text:
      figures.overdueBy.length === 0
        ? say('digest.noneOverdue')
        : say(digest.unit.kind === 'bureau' ? 'digest.overdueByCity' : 'digest.overdueByCounty', {
            places: figures.overdueBy.map((o) => say('digest.placeCount', o)).join('、'),
          }),
  });
  if (figures.returned.length > 0) {
    const shown = figures.returned.slice(0, RETURNED_SHOWN).map((r) => say('digest.returnedItem', r));
    const more = figures.returned.length - shown.length;
    blocks.push({
      kind: 'text',
      text: say('digest.returnedList', {
        items: shown.join('、') + (more > 0 ? say('digest.more', { count: more }) : ''),
      }),
    });
  }
  blocks.push(
    { kind: 'buttons', buttons: listButtons(period, figures.returned.length > 0) },
    ...(input.occasion
      ? [{ kind: 'note' as const, text: say(afterDeadline ? 'digest.whyAfter' : 'digest.why') }]
      : []),
  );
  return {
    title: say(afterDeadline ? 'digest.titleAfter' : 'digest.title', { period }),
    subtitle: say('digest.subtitle', { unit: digest.unit.name, date: input.today }),
    tone: figures.overdue > 0 ? 'warning' : 'info',
    blocks,
  };
}

/** The lists, as the recipient would ask for them: read in the asker's own scope when pressed. */
function listButtons(period: string, returned: boolean): Button[] {
  const sayButton = (label: string, text: string, style: Button['style']): Button => ({
    label,
    style,
    action: actionValue({ op: 'say', text }),
  });
  return [
    sayButton(say('digest.openUnreported'), say('digest.askUnreported', { period }), 'primary'),
    ...(returned
      ? [sayButton(say('digest.openReturned'), say('digest.askReturned', { period }), 'default')]
      : []),
    sayButton(say('digest.openProgress'), say('digest.askProgress', { period }), 'default'),
  ];
}
