// The first line of every answer: what it was answered for ("2022年第四季度 · 附件2 省直定点帮扶 ·
// 十堰市"), a default named as one, and any place, period or ledger the person wrote that the answer
// could not use — so a misreading shows at once instead of passing for an answer.
import { findLedger } from '../../domain/ledgers/index.ts';
import type { LedgerId } from '../../domain/ledgers/types.ts';
import { formatPeriod, type Period } from '../../domain/period.ts';
import { say } from '../../prompts.ts';
import type { Reading } from '../../understanding/understand.ts';
import { ledgerWords, periodWords } from '../../wording.ts';
import type { BotResponse, Reply } from '../model.ts';

export interface About {
  /** The period answered for; null when the answer spans every period (我的提交). */
  period: Period | null;
  /** Whether the person named the period, or the answer took the one now being reported. */
  periodStated: boolean;
  ledger: LedgerId | null;
  /** The county, the city or the asker's whole scope, in words. */
  place: string;
}

export function aboutLine(about: About, named: Reading['named']): string {
  const period = about.period
    ? about.periodStated
      ? periodWords(about.period)
      : say('about.defaulted', { period: periodWords(about.period) })
    : say('about.allPeriods');
  const ledger = about.ledger ? findLedger(about.ledger) : undefined;
  const parts = [period, ledger ? ledgerWords(ledger) : say('about.allLedgers'), about.place];
  const unused = unapplied(about, named);
  const line = parts.join(say('about.separator'));
  return unused.length > 0 ? line + say('about.unapplied', { words: unused.join('、') }) : line;
}

/** What was recognised but is not in the answer's scope. */
function unapplied(about: About, named: Reading['named']): string[] {
  const ledgers = named.ledgers
    .filter((id) => id !== about.ledger)
    .flatMap((id) => {
      const ledger = findLedger(id);
      return ledger ? [ledgerWords(ledger)] : [];
    });
  const applied = about.period ? formatPeriod(about.period) : null;
  const periods = about.periodStated
    ? named.periods.filter((p) => formatPeriod(p) !== applied).map(periodWords)
    : [];
  const places = [...named.counties, ...named.cities].filter((name) => name !== about.place);
  return [...new Set([...places, ...periods, ...ledgers])];
}

/** The line above the answer: a note on top of its first card, or the first line of its text. */
export function withAbout(response: BotResponse, line: string): BotResponse {
  const first = (replies: Reply[] | undefined): Reply[] | undefined => {
    const [head, ...rest] = replies ?? [];
    if (!head) return replies;
    if (head.kind === 'card')
      return [
        { kind: 'card', card: { ...head.card, blocks: [{ kind: 'note', text: line }, ...head.card.blocks] } },
        ...rest,
      ];
    if (head.kind === 'text') return [{ kind: 'text', text: `${line}\n${head.text}` }, ...rest];
    return [{ kind: 'text', text: line }, head, ...rest];
  };
  return response.privateReplies
    ? { ...response, privateReplies: first(response.privateReplies) }
    : { ...response, replies: first(response.replies) ?? [] };
}
