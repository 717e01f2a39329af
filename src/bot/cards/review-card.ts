// The card a reviewing unit gets when a county submits or corrects 附件2/3: the figures, the rule
// findings, what changed since the last revision, and 确认 / 退回 (a reason is required to return).
import { localDateTime } from '../../domain/clock.ts';
import type { LedgerSpec } from '../../domain/ledgers/types.ts';
import type { RosterUnit } from '../../domain/roster.ts';
import type { SheetChange } from '../../domain/sheet-diff.ts';
import { say } from '../../prompts.ts';
import type { Revision } from '../../store/revisions-repo.ts';
import { describeFinding } from '../../wording.ts';
import { actionValue } from '../actions.ts';
import type { Block, Card } from '../model.ts';
import { rowFields } from './row-form.ts';

export const REASON_INPUT = 'reason';

export function reviewCard(input: {
  ledger: LedgerSpec;
  county: RosterUnit;
  revision: Revision;
  contactName: string;
  changes: readonly SheetChange[] | null;
}): Card {
  const { ledger, county, revision } = input;
  const base = { l: ledger.id, p: revision.period, c: county.id, v: revision.revision };
  const blocks: Block[] = revision.rows.map((row) => ({
    kind: 'fields' as const,
    fields: rowFields(ledger, row.values),
  }));
  const changes =
    input.changes === null
      ? say('review.firstVersion')
      : input.changes.length === 0
        ? say('review.noChanges')
        : [
            say('review.changes'),
            ...input.changes.map((c) =>
              c.kind === 'changed'
                ? say('history.changed', c).trim()
                : say(`history.${c.kind}`, { row: c.row }).trim(),
            ),
          ].join('\n');
  blocks.push({ kind: 'text', text: changes });
  if (revision.header.findings.length > 0) {
    blocks.push({
      kind: 'text',
      text: [say('review.findings'), ...revision.header.findings.map(describeFinding)].join('\n'),
    });
  }
  blocks.push({
    kind: 'form',
    name: `review_${ledger.id}`,
    sections: [
      {
        inputs: [
          {
            kind: 'multiline',
            name: REASON_INPUT,
            label: say('review.reason'),
            required: false,
            maxLength: 500,
          },
        ],
      },
    ],
    buttons: [
      {
        label: say('review.confirm'),
        style: 'primary',
        submit: true,
        action: actionValue({ op: 'review', what: 'confirm', ...base }),
      },
      {
        label: say('review.return'),
        style: 'danger',
        submit: true,
        action: actionValue({ op: 'review', what: 'return', ...base }),
      },
    ],
  });
  return {
    title: say('review.title', { county: county.name, period: revision.period, ledger: ledger.title }),
    subtitle: say('review.subtitle', {
      revision: revision.revision,
      at: localDateTime(new Date(revision.submittedAt)),
      contact: input.contactName,
    }),
    tone: 'info',
    blocks,
  };
}
