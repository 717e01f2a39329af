// Read-only cards of a sheet: what was saved (with rule warnings and a 修改 button), and the list of
// rows of a many-row sheet with add / edit / delete.

import { actionValue, ROW_PICK_INPUT } from '../../conversation/actions.ts';
import type { Block, Button, Card } from '../../conversation/model.ts';
import { displayValue } from '../../domain/ledgers/display.ts';
import type { RowValues } from '../../domain/ledgers/types.ts';
import { type Finding, rowKeyOf } from '../../domain/rules.ts';
import { say } from '../../prompts.ts';
import { describeFinding } from '../../wording.ts';
import { currentRows, type SheetContext } from '../sheet-context.ts';
import { rowFields } from './row-form.ts';

function base(ctx: SheetContext) {
  return { l: ctx.ledger.id, p: ctx.periodLabel, c: ctx.county.id };
}

export function rowLabel(ctx: SheetContext, row: RowValues): string {
  return ctx.ledger.rowKey.map((k) => String(row[k] ?? '')).join(' / ') || ctx.ledger.shortName;
}

/** After a successful save: the saved figures, the warnings kept with them, and how to change them. */
export function savedCard(
  ctx: SheetContext,
  revision: number,
  findings: readonly Finding[],
  editedKey: string | null,
  confirmer: string | null,
): Card {
  const rows = currentRows(ctx);
  const edited = rows.find((r) => rowKeyOf(ctx.ledger, r) === editedKey);
  const blocks: Block[] = [];
  // Saved is not yet done: the sender learns whose confirmation the sheet now waits for.
  if (confirmer) blocks.push({ kind: 'note', text: say('submit.awaits', { confirmer }) });
  if (edited) blocks.push({ kind: 'fields', fields: rowFields(ctx.ledger, edited) });
  else blocks.push({ kind: 'text', text: say('card.saved.rows', { rows: rows.length }) });
  if (findings.length > 0)
    blocks.push({
      kind: 'text',
      text: [say('card.saved.warnings'), ...findings.map(describeFinding)].join('\n'),
    });
  const buttons: Button[] = [];
  if (edited && editedKey !== null)
    buttons.push({
      label: say('card.saved.edit'),
      style: 'default',
      action: actionValue({ op: 'form', ...base(ctx), r: editedKey, n: '' }),
    });
  if (ctx.ledger.rows === 'many' || rows.length > 1)
    buttons.push({
      label: say('card.saved.all'),
      style: 'default',
      action: actionValue({ op: 'list', ...base(ctx) }),
    });
  for (const partner of unfilledPartners(ctx)) {
    buttons.push({
      label: say('card.saved.next', { partner }),
      style: 'primary',
      action: actionValue({ op: 'form', ...base(ctx), r: '', n: partner }),
    });
  }
  blocks.push({ kind: 'buttons', buttons });
  return {
    title: say('card.saved.title', { period: ctx.periodLabel, ledger: ctx.ledger.title }),
    subtitle: say('card.saved.subtitle', { county: ctx.county.name, revision }),
    tone: findings.length > 0 ? 'warning' : 'success',
    blocks,
  };
}

/** Partners the roster names for this sheet that have no row yet (e.g. a second helper city). */
export function unfilledPartners(ctx: SheetContext): string[] {
  const keyField = ctx.ledger.rowKey[0];
  if (!keyField || ctx.ledger.rows !== 'per_partner') return [];
  const done = new Set(currentRows(ctx).map((r) => String(r[keyField] ?? '')));
  const names = (ctx.ledger.partnersFrom ?? []).flatMap((kind) =>
    ctx.roster.relations
      .filter((r) => r.kind === kind && r.targetId === ctx.county.id)
      .map((r) => ctx.roster.units.find((u) => u.id === r.unitId)?.name ?? ''),
  );
  return [...new Set(names)].filter((n) => n !== '' && !done.has(n)).slice(0, 5);
}

/** The rows of a sheet, with a select to edit or delete one, and buttons to add one or report none. */
export function listCard(ctx: SheetContext): Card {
  const rows = currentRows(ctx);
  const keyFields = ctx.ledger.fields.filter((f) => ctx.ledger.rowKey.includes(f.key));
  const figures = ctx.ledger.fields.filter((f) => f.kind === 'money' || f.kind === 'count').slice(0, 2);
  const columns = [...keyFields, ...figures].map((f) => ({ key: f.key, label: f.label }));
  const blocks: Block[] = [];
  if (rows.length === 0) blocks.push({ kind: 'text', text: say('card.list.empty') });
  else {
    blocks.push({
      kind: 'table',
      columns,
      rows: rows.map((r) =>
        Object.fromEntries([...keyFields, ...figures].map((f) => [f.key, displayValue(f, r[f.key])])),
      ),
    });
    blocks.push({
      kind: 'form',
      name: `pick_${ctx.ledger.id}`,
      sections: [
        {
          inputs: [
            {
              kind: 'select',
              name: ROW_PICK_INPUT,
              label: say('card.list.pick'),
              required: true,
              options: rows.map((r) => ({ value: rowKeyOf(ctx.ledger, r), label: rowLabel(ctx, r) })),
            },
          ],
        },
      ],
      buttons: [
        {
          label: say('card.list.edit'),
          style: 'default',
          submit: true,
          action: actionValue({ op: 'pick', ...base(ctx), what: 'edit' }),
        },
        {
          label: say('card.list.delete'),
          style: 'danger',
          submit: true,
          action: actionValue({ op: 'pick', ...base(ctx), what: 'delete' }),
        },
      ],
    });
  }
  const buttons: Button[] = [
    {
      label: say('card.list.add'),
      style: 'primary',
      action: actionValue({ op: 'form', ...base(ctx), r: '', n: '' }),
    },
  ];
  if (rows.length === 0 && ctx.ledger.rows === 'many') {
    buttons.push({
      label: say('card.list.none'),
      style: 'default',
      action: actionValue({ op: 'none', ...base(ctx) }),
    });
  }
  blocks.push({ kind: 'buttons', buttons });
  return {
    title: say('card.list.title', { period: ctx.periodLabel, ledger: ctx.ledger.title }),
    subtitle: say('card.list.subtitle', {
      county: ctx.county.name,
      rows: rows.length,
      revision: ctx.current?.revision ?? 0,
    }),
    tone: 'info',
    blocks,
  };
}
