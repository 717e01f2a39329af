// The card a county contact gets after sending a filled template that passed every check: what will
// be saved (per sheet: county, period, rows, new or changed), the warnings kept with the figures,
// and 确认保存 / 取消. Nothing is saved until 确认保存.
import type { SheetPlan } from '../../app/excel-plan.ts';
import { actionValue } from '../../conversation/actions.ts';
import type { Block, Card } from '../../conversation/model.ts';
import type { ExcelProblem } from '../../excel/problems.ts';
import { say } from '../../prompts.ts';

function changeText(plan: SheetPlan): string {
  if (plan.change === 'new') return say('files.changeNew');
  if (plan.change === 'changed') return say('files.changeChanged', { changes: plan.changes });
  return say('files.changeUnchanged');
}

export function importCard(input: {
  id: string;
  fileName: string;
  sheets: readonly SheetPlan[];
  warnings: readonly ExcelProblem[];
  hours: number;
}): Card {
  const bySheet = new Map<string, SheetPlan[]>();
  for (const plan of input.sheets) bySheet.set(plan.sheet, [...(bySheet.get(plan.sheet) ?? []), plan]);
  const blocks: Block[] = [{ kind: 'text', text: say('files.importIntro', { hours: input.hours }) }];
  for (const [sheet, plans] of bySheet) {
    blocks.push({
      kind: 'fields',
      fields: plans.map((plan) => ({
        label: `${sheet} ${plan.ledger.title}`,
        value: say('files.importSheet', {
          county: plan.county.name,
          period: plan.period,
          rows: plan.rows,
          change: changeText(plan),
        }),
      })),
    });
  }
  const counties = [...new Set(input.sheets.map((p) => p.county.name))];
  blocks.push({
    kind: 'note',
    text: say('files.importTotals', {
      sheets: input.sheets.length,
      changed: input.sheets.filter((p) => p.change !== 'unchanged').length,
      counties: counties.join('、'),
    }),
  });
  const warnings = [...input.warnings, ...input.sheets.flatMap((p) => p.warnings)];
  if (warnings.length > 0)
    blocks.push({
      kind: 'text',
      text: say('files.importWarnings', {
        lines: warnings
          .slice(0, 15)
          .map((w) => w.message)
          .join('\n'),
      }),
    });
  blocks.push({
    kind: 'buttons',
    buttons: [
      {
        label: say('files.confirm'),
        style: 'primary',
        action: actionValue({ op: 'imp', id: input.id, what: 'confirm' }),
      },
      {
        label: say('files.cancel'),
        style: 'default',
        action: actionValue({ op: 'imp', id: input.id, what: 'cancel' }),
      },
    ],
  });
  return { title: say('files.importTitle', { file: input.fileName }), tone: 'info', blocks };
}
