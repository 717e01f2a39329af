// The 审核状态 column of 附件1–3: beside each county's rows, whether its figures are confirmed (by whom,
// when), awaiting confirmation or returned (with the reason), and how late they came in. A column of
// words rather than a cell colour, so it survives a black-and-white print; the importer matches no
// field to its header and so ignores it, and a re-imported export round-trips unchanged.
import { localDate } from '../domain/clock.ts';
import type { LedgerSpec } from '../domain/ledgers/types.ts';
import { needsReview } from '../domain/review.ts';
import { say } from '../prompts.ts';
import type { SheetLayout } from './layout.ts';

export interface SheetMark {
  state: 'pending' | 'confirmed' | 'returned';
  /** The confirmation or return of the latest revision; null while pending or when none is needed. */
  decision: { unit: string; contact: string; at: string; reason: string } | null;
  /** Days after the due date it first came in (0 when on time). */
  daysLate: number;
}

export interface LedgerMarks {
  due: string;
  byCounty: ReadonlyMap<string, SheetMark>;
  /** Counties in scope owing the sheet that have not sent it, in roster order. */
  notReported: readonly string[];
}

/** The layout with 审核状态 as its last column, over both header rows. */
export function withReviewColumn(layout: SheetLayout): SheetLayout {
  return {
    columns: [...layout.columns, { kind: 'review' }],
    labels: [...layout.labels, say('excel.review.header')],
    groups: layout.groups,
  };
}

export function markText(mark: SheetMark | undefined): string {
  if (!mark) return '';
  const d = mark.decision;
  const by = d ? { unit: d.unit, contact: d.contact, date: localDate(new Date(d.at)) } : null;
  const state =
    mark.state === 'pending'
      ? say('state.pending')
      : mark.state === 'returned'
        ? say('excel.review.returned', {
            unit: by?.unit ?? '',
            contact: by?.contact ?? '',
            date: by?.date ?? '',
            reason: d?.reason ?? '',
          })
        : by
          ? say('excel.review.confirmedBy', by)
          : say('excel.review.confirmedSelf');
  return mark.daysLate > 0 ? say('excel.review.late', { state, days: mark.daysLate }) : state;
}

/** The 备注 lines the column adds: what its words mean, and which counties have not sent the sheet. */
export function reviewNotes(ledger: LedgerSpec, marks: LedgerMarks, today: string): string[] {
  const legend = say(needsReview(ledger) ? 'excel.review.legendReviewed' : 'excel.review.legendSelf', {
    due: marks.due,
  });
  if (marks.notReported.length === 0) return [legend];
  return [
    legend,
    say('excel.review.notReported', {
      date: today,
      count: marks.notReported.length,
      names: marks.notReported.join('、'),
    }),
  ];
}
