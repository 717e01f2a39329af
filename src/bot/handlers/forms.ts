// Filling a sheet by cards: open the form for a row, save it (the same submission path as every
// other channel), list and delete rows, or report "none this period".
import { submitSheet } from '../../app/submit.ts';
import { type CardAction, REPORTER_INPUT, ROW_PICK_INPUT } from '../../conversation/actions.ts';
import type { BotResponse, Card } from '../../conversation/model.ts';
import type { RowValues } from '../../domain/ledgers/types.ts';
import type { Problem } from '../../domain/problem.ts';
import type { Roster } from '../../domain/roster.ts';
import { type Finding, rowKeyOf } from '../../domain/rules.ts';
import { say } from '../../prompts.ts';
import { confirmerOf, describeFinding, describeProblem } from '../../wording.ts';
import { rowFormCard } from '../cards/row-form.ts';
import { listCard, savedCard } from '../cards/sheet-cards.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import {
  currentRows,
  findRow,
  loadSheet,
  rowAsInput,
  type SheetContext,
  startingRows,
} from '../sheet-context.ts';
import { requestReview } from './review.ts';

/** The first card for a sheet: the form of its only row, or the list of its rows. */
export async function sheetCard(deps: BotDeps, ctx: SheetContext): Promise<Card> {
  const rows = currentRows(ctx);
  if (ctx.current) {
    const [only] = rows;
    return ctx.ledger.rows === 'per_partner' && rows.length === 1 && only
      ? formCard(ctx, rowKeyOf(ctx.ledger, only), only)
      : listCard(ctx);
  }
  const start = await startingRows(deps.store, ctx);
  if (ctx.ledger.rows === 'many') return listCard(ctx);
  return formCard(ctx, '', start[0] ?? {});
}

function formCard(ctx: SheetContext, rowKey: string, values: RowValues): Card {
  return rowFormCard({
    ledger: ctx.ledger,
    period: ctx.periodLabel,
    countyId: ctx.county.id,
    countyName: ctx.county.name,
    rowKey,
    values,
    reporter: ctx.current?.header.reporter ?? defaultReporter(ctx),
  });
}

function defaultReporter(ctx: SheetContext): string {
  return [ctx.who.contact.name.replace(/（演示）$/, ''), ctx.who.contact.mobile].filter(Boolean).join(' ');
}

export async function handleFormAction(
  deps: BotDeps,
  roster: Roster,
  who: Identified,
  action: Exclude<CardAction, { op: 'say' } | { op: 'review' } | { op: 'imp' } | { op: 'doc' }>,
  form: Record<string, string>,
): Promise<BotResponse> {
  const loaded = await loadSheet(deps.store, roster, who, action.l, action.p, action.c);
  if (!loaded.ok)
    return { toast: { tone: 'danger', text: loaded.problems.map(describeProblem).join('；') }, replies: [] };
  const ctx = loaded.ctx;
  switch (action.op) {
    case 'form': {
      if (action.r) return { update: formCard(ctx, action.r, findRow(ctx, action.r) ?? {}), replies: [] };
      const start = await startingRows(deps.store, ctx);
      const keyField = ctx.ledger.rowKey[0];
      const prefilled =
        (action.n && keyField ? start.find((r) => r[keyField] === action.n) : undefined) ??
        (keyField && action.n ? { [keyField]: action.n } : {});
      return { update: formCard(ctx, '', prefilled), replies: [] };
    }
    case 'list':
      return { update: listCard(ctx), replies: [] };
    case 'open':
      return { update: await sheetCard(deps, ctx), replies: [] };
    case 'pick': {
      const key = form[ROW_PICK_INPUT] ?? '';
      const row = findRow(ctx, key);
      if (!row)
        return {
          toast: { tone: 'warning', text: say('card.list.pickMissing') },
          update: listCard(ctx),
          replies: [],
        };
      if (action.what === 'edit') return { update: formCard(ctx, key, row), replies: [] };
      const rows = currentRows(ctx).filter((r) => rowKeyOf(ctx.ledger, r) !== key);
      return save(
        deps,
        ctx,
        rows.map((r) => rowAsInput(ctx.ledger, r)),
        ctx.current?.header.reporter ?? defaultReporter(ctx),
        null,
        null,
      );
    }
    case 'none':
      return save(deps, ctx, [], ctx.current?.header.reporter ?? defaultReporter(ctx), null, null);
    case 'save': {
      const typed = Object.fromEntries(
        ctx.ledger.fields.filter((f) => !f.fromContext).map((f) => [f.key, form[f.key] ?? '']),
      );
      const rows = currentRows(ctx).map((r) => ({
        key: rowKeyOf(ctx.ledger, r),
        input: rowAsInput(ctx.ledger, r) as Record<string, unknown>,
      }));
      const at = action.r ? rows.findIndex((r) => r.key === action.r) : -1;
      const index = at >= 0 ? at : rows.length;
      rows.splice(index, at >= 0 ? 1 : 0, { key: action.r, input: typed });
      return save(
        deps,
        ctx,
        rows.map((r) => r.input),
        form[REPORTER_INPUT] ?? '',
        index,
        { rowKey: action.r, typed },
      );
    }
  }
}

/** Submits the whole sheet; on problems re-renders the form with each error beside its field. */
async function save(
  deps: BotDeps,
  ctx: SheetContext,
  rows: Record<string, unknown>[],
  reporter: string,
  editedIndex: number | null,
  editing: { rowKey: string; typed: Record<string, string> } | null,
): Promise<BotResponse> {
  const outcome = await submitSheet(
    deps.store,
    {
      as: ctx.who.contact.id,
      ledger: ctx.ledger.id,
      period: ctx.periodLabel,
      county: ctx.county.id,
      body: { reporter, rows },
    },
    'card',
    deps.now(),
  );
  if (outcome.kind === 'saved') {
    await requestReview(deps, ctx.roster, ctx.ledger.id, ctx.periodLabel, ctx.county.id);
    const fresh = await loadSheet(
      deps.store,
      ctx.roster,
      ctx.who,
      ctx.ledger.id,
      ctx.periodLabel,
      ctx.county.id,
    );
    const next = fresh.ok ? fresh.ctx : ctx;
    const saved = editedIndex === null ? null : (outcome.draft.sheet.rows[editedIndex] ?? null);
    const confirmer = confirmerOf(outcome.reviewers);
    const card =
      editedIndex === null
        ? listCard(next)
        : savedCard(
            next,
            outcome.revision,
            outcome.findings,
            saved ? rowKeyOf(ctx.ledger, saved) : null,
            confirmer,
          );
    const facts = { revision: outcome.revision, confirmer };
    return {
      toast: { tone: 'success', text: say(confirmer ? 'card.saved.toastAwaits' : 'card.saved.toast', facts) },
      update: card,
      replies: [],
    };
  }
  // Field problems and rule errors together, so the form is fixed in one round.
  const problems: (Problem | Finding)[] =
    outcome.kind === 'invalid' ? [...outcome.problems, ...outcome.findings] : outcome.findings;
  const errors: Record<string, string> = {};
  const messages: string[] = [];
  for (const p of problems) {
    const describe = (row: number | undefined) =>
      'rule' in p ? describeFinding({ ...p, row }) : describeProblem({ ...p, row });
    const onEdited = editedIndex !== null && p.row === editedIndex + 1;
    if (p.field && (p.field === 'reporter' || onEdited)) errors[p.field] = describe(undefined);
    else messages.push(describe(p.row));
  }
  const toast = { tone: 'danger' as const, text: say('card.form.fix', { count: problems.length }) };
  if (!editing) return { toast, update: listCard(ctx), replies: [] };
  const card = rowFormCard({
    ledger: ctx.ledger,
    period: ctx.periodLabel,
    countyId: ctx.county.id,
    countyName: ctx.county.name,
    rowKey: editing.rowKey,
    values: editing.typed,
    typed: true,
    reporter,
    errors,
    messages,
  });
  return { toast, update: card, replies: [] };
}
