// Readable and JSON renderings of the use cases' results for the command line.

import type { HistoryResult } from '../app/history.ts';
import type { StatusReport } from '../app/status.ts';
import type { SubmitOutcome } from '../app/submit.ts';
import { deadlinesOfYear, owedFor } from '../domain/calendar.ts';
import { daysBetween, localDate, localDateTime } from '../domain/clock.ts';
import { debtorGap } from '../domain/debtor-gaps.ts';
import { displayValue } from '../domain/ledgers/display.ts';
import type { Problem } from '../domain/problem.ts';
import type { Roster } from '../domain/roster.ts';
import { debtorGapItem, type RosterCheckItem } from '../domain/roster-check.ts';
import type { Finding } from '../domain/rules.ts';
import type { ObligationStatus } from '../domain/status.ts';
import { say, sayIn } from '../prompts.ts';
import { confirmerOf, describeChange, describeFinding, describeProblem } from '../wording.ts';

export function problemsText(problems: readonly Problem[]): string {
  return problems.map((p) => `  - ${describeProblem(p)}`).join('\n');
}

export function problemsJson(problems: readonly Problem[]) {
  return { ok: false, problems: problems.map((p) => ({ ...p, message: describeProblem(p) })) };
}

function findingsJson(findings: readonly Finding[]) {
  return findings.map((f) => ({ ...f, message: describeFinding(f) }));
}

export function calendarRows(roster: Roster, year: number) {
  return deadlinesOfYear(year).map(({ obligation, period, due }) => {
    const owed = owedFor(roster, obligation, period);
    return {
      id: obligation.id,
      title: obligation.title,
      period: owed[0]?.period ?? String(period.year),
      due,
      debtorRule: obligation.debtors,
      fulfilment: obligation.fulfilment,
      remindBeforeDays: obligation.remindBeforeDays,
      notice: obligation.notice,
      /** Counties owing it only because their central-unit hosting is not yet confirmed (DESIGN §6). */
      unconfirmed: owed.filter(
        (o) =>
          o.county.hostsCentralUnits !== 'yes' && obligation.debtors === 'counties_hosting_central_units',
      ).length,
      owedBy: owed.map((o) => ({
        county: o.county.name,
        partner: o.partner?.name ?? null,
        debtors: o.debtors.map((d) => d.name),
      })),
      /** Counties the roster names no debtor for (no lead unit, no helper): nobody is asked or reminded. */
      gap: gapOf(roster, obligation),
    };
  });
}

function gapOf(roster: Roster, obligation: Parameters<typeof debtorGap>[1]) {
  const gap = debtorGap(roster, obligation);
  return gap && { missing: gap.missing, counties: gap.counties.map((c) => c.name) };
}

export function calendarText(rows: ReturnType<typeof calendarRows>): string {
  return rows
    .map((r) => {
      const known = r.owedBy.filter((o) => o.debtors.length > 0).length;
      const debtors = {
        counties: say('calendar.counties', { count: r.owedBy.length }),
        counties_hosting_central_units: say('calendar.countiesHostingCentral', {
          count: r.owedBy.length,
          unconfirmed: r.unconfirmed,
        }),
        lead_units: say('calendar.leadUnits', { count: r.owedBy.length, known }),
        regional_pairs: say('calendar.regionalPairs', {
          count: r.owedBy.length,
          counties: new Set(r.owedBy.map((o) => o.county)).size,
        }),
      }[r.debtorRule];
      const line = say('calendar.line', { due: r.due, title: r.title, period: r.period, debtors });
      if (!r.gap) return line;
      return `${line}\n    ${rosterCheckLine(debtorGapItem(r.title, r.gap.missing, r.gap.counties))}`;
    })
    .join('\n');
}

export function submitJson(outcome: SubmitOutcome) {
  if (outcome.kind === 'invalid')
    return { ...problemsJson(outcome.problems), findings: findingsJson(outcome.findings) };
  const base = {
    ledger: outcome.draft.ledger.id,
    county: outcome.draft.county.name,
    period: outcome.draft.period,
    findings: findingsJson(outcome.findings),
  };
  return outcome.kind === 'saved'
    ? { ok: true, revision: outcome.revision, rows: outcome.draft.sheet.rows.length, ...base }
    : { ok: false, ...base };
}

export function submitText(outcome: SubmitOutcome): string {
  if (outcome.kind === 'invalid')
    return [
      say('submit.invalid'),
      problemsText(outcome.problems),
      ...outcome.findings.map((f) => `  - ${describeFinding(f)}`),
    ].join('\n');
  const { draft } = outcome;
  const facts = {
    county: draft.county.name,
    period: `${draft.period.year}${draft.period.quarter ? `Q${draft.period.quarter}` : ''}`,
    ledger: draft.ledger.title,
  };
  const findings = outcome.findings.map((f) => `  - ${describeFinding(f)}`).join('\n');
  if (outcome.kind === 'refused') return `${say('submit.refused', facts)}\n${findings}`;
  const confirmer = confirmerOf(outcome.reviewers);
  const saved = [
    say('submit.saved', { ...facts, revision: outcome.revision, rows: draft.sheet.rows.length }),
    ...(confirmer ? [say('submit.awaits', { confirmer })] : []),
  ].join('');
  return outcome.findings.length > 0 ? `${saved}\n${say('submit.warnings')}\n${findings}` : saved;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/** Counts by state: a returned sheet is neither reported nor among the never-sent. */
function progressCounts(status: ObligationStatus) {
  const p = status.progress;
  return {
    ...p,
    pending: p.reported - p.confirmed,
    notReported: p.total - p.reported - p.returned,
    rate: percent(p.rate),
  };
}

function obligationText(status: ObligationStatus): string {
  const lines = [
    say('status.title', { period: status.period, obligation: status.obligation.title, due: status.due }),
    say('status.progress', progressCounts(status)),
  ];
  for (const item of status.items) {
    const partner = item.owed.partner ? `—${item.owed.partner.name}` : '';
    const who = { county: item.owed.county.name, partner };
    const noDebtor = item.owed.debtors.length === 0 ? say('status.noDebtor') : '';
    if (item.state === 'reported') {
      const facts = {
        ...who,
        state: say(`state.${item.review ?? 'confirmed'}`),
        revisions: item.revisions,
        at: item.firstAt ? localDate(new Date(item.firstAt)) : '',
        days: item.daysLate,
      };
      lines.push(`  ${say(item.daysLate > 0 ? 'status.reportedLate' : 'status.reported', facts)}`);
    } else if (item.state === 'returned') {
      const facts = {
        ...who,
        revisions: item.revisions,
        at: item.lastAt ? localDate(new Date(item.lastAt)) : '',
        days: item.daysOverdue,
      };
      lines.push(`  ${say(item.daysOverdue > 0 ? 'status.returnedOverdue' : 'status.returned', facts)}`);
    } else {
      lines.push(
        `  ${item.daysOverdue > 0 ? say('status.overdue', { ...who, days: item.daysOverdue }) : say('status.notReported', who)}${noDebtor}`,
      );
    }
  }
  return lines.join('\n');
}

export function statusText(report: StatusReport): string {
  const parts = report.obligations.map(obligationText);
  const summary = report.summary;
  if (summary) {
    const lines = [say('status.totals', { count: summary.counties })];
    for (const t of summary.totals) {
      const field = summary.ledger.fields.find((f) => f.key === t.key);
      const label = t.group ? `${t.group}·${t.label}` : t.label;
      const value = displayValue(field, t.total);
      lines.push(
        `  ${t.rate === null ? say('status.total', { label, value }) : say('status.totalWithRate', { label, value, rate: percent(t.rate) })}`,
      );
    }
    for (const fall of summary.ytdFalls) {
      for (const f of fall.findings)
        lines.push(`  ${say('status.ytdFall', { county: fall.countyName, message: describeFinding(f) })}`);
    }
    parts.push(lines.join('\n'));
  }
  return parts.join('\n\n');
}

export function statusJson(report: StatusReport) {
  return {
    ok: true,
    viewer: report.viewer.unit ? { unit: report.viewer.unit.name, kind: report.viewer.unit.kind } : null,
    obligations: report.obligations.map((s) => ({
      id: s.obligation.id,
      title: s.obligation.title,
      period: s.period,
      due: s.due,
      progress: { ...s.progress, ...progressCounts(s), rate: s.progress.rate },
      reported: s.items
        .filter((i) => i.state === 'reported')
        .map((i) => ({
          county: i.owed.county.name,
          partner: i.owed.partner?.name ?? null,
          /** 'pending' (已报待确认) or 'confirmed' (已确认). */
          review: i.review,
          firstAt: i.firstAt,
          lastAt: i.lastAt,
          revisions: i.revisions,
          daysLate: i.daysLate,
        })),
      returned: s.items
        .filter((i) => i.state === 'returned')
        .map((i) => ({
          county: i.owed.county.name,
          revisions: i.revisions,
          lastAt: i.lastAt,
          daysOverdue: i.daysOverdue,
        })),
      notReported: s.items
        .filter((i) => i.state === 'not_reported')
        .map((i) => ({
          county: i.owed.county.name,
          partner: i.owed.partner?.name ?? null,
          daysOverdue: i.daysOverdue,
          debtors: i.owed.debtors.map((d) => d.name),
        })),
    })),
    summary: report.summary && {
      ledger: report.summary.ledger.id,
      period: report.summary.period,
      counties: report.summary.counties,
      totals: report.summary.totals,
      ytdFalls: report.summary.ytdFalls.map((f) => ({
        county: f.countyName,
        findings: findingsJson(f.findings),
      })),
    },
  };
}

const localTime = (iso: string): string => localDateTime(new Date(iso));

type History = Extract<HistoryResult, { ok: true }>;

/** How late the first revision came in, if it did; later corrections are not late submissions. */
function lateDays(result: History): number {
  const first = result.entries[0]?.revision.submittedAt;
  if (!first || !result.due) return 0;
  return Math.max(0, daysBetween(result.due, localDate(new Date(first))));
}

/** Revisions, reviews, reopenings and the period's closing, in the order they happened. */
export function historyText(result: History): string {
  const facts = { county: result.county.name, period: result.period, ledger: result.ledger.title };
  if (result.entries.length === 0 && result.events.length === 0 && result.escalations.length === 0)
    return say('history.none', facts);
  const late = lateDays(result);
  const steps: { at: string; lines: string[] }[] = [
    ...result.entries.map((e, i) => ({
      at: e.revision.submittedAt,
      lines: [
        say('history.revision', {
          revision: e.revision.revision,
          at: localTime(e.revision.submittedAt),
          contact: e.contactName,
          unit: e.unitName,
          source: sayIn('source', e.revision.source),
          rows: e.revision.rows.length,
        }) + (i === 0 && late > 0 ? say('history.lateFirst', { days: late, due: result.due }) : ''),
        ...e.changes.map((c) => `  ${describeChange(c)}`),
      ],
    })),
    ...result.events.map(({ event, contactName, unitName }) => {
      const who = { at: localTime(event.at), unit: unitName, contact: contactName };
      const code = event.action === 'reopen' ? (event.reason ? 'reopenWhy' : 'reopen') : event.action;
      return {
        at: event.at,
        lines: [sayIn('history', code, { ...who, revision: event.revision, reason: event.reason })],
      };
    }),
    ...result.escalations.map(({ escalation: e, contactName, unitName }) => ({
      at: e.done_at ?? e.created_at,
      lines: [
        say('history.escalation', {
          at: localTime(e.done_at ?? e.created_at),
          step: sayIn('reminder.log.step', e.step),
          unit: unitName,
          contact: contactName,
          days: e.unread_workdays,
          state: sayIn('reminder.log.escalationState', e.state),
        }),
      ],
    })),
    ...result.closures.map((c) => ({
      at: c.at,
      lines: [
        say(`history.${c.action}`, {
          at: localTime(c.at),
          unit: c.unitName,
          contact: c.contactName,
          period: result.period,
        }),
      ],
    })),
  ];
  // A stable sort: at the same instant a revision comes before what was done to it.
  steps.sort((a, b) => a.at.localeCompare(b.at));
  return [
    say('history.title', facts),
    ...steps.flatMap((s) => s.lines),
    say('history.state', { state: say(`state.${result.state}`) }),
  ].join('\n');
}

export function historyJson(result: History) {
  return {
    ok: true,
    county: result.county.name,
    ledger: result.ledger.id,
    period: result.period,
    state: result.state,
    due: result.due,
    daysLate: lateDays(result),
    events: result.events.map((e) => ({ ...e.event, contact: e.contactName, unit: e.unitName })),
    escalations: result.escalations.map(({ escalation: e, contactName, unitName }) => ({
      step: e.step,
      state: e.state,
      channel: e.channel,
      at: e.done_at,
      unreadWorkdays: e.unread_workdays,
      contact: contactName,
      unit: unitName,
    })),
    closures: result.closures.map((c) => ({
      action: c.action,
      at: c.at,
      contact: c.contactName,
      unit: c.unitName,
    })),
    revisions: result.entries.map((e) => ({
      revision: e.revision.revision,
      submittedAt: e.revision.submittedAt,
      contact: e.contactName,
      unit: e.unitName,
      source: e.revision.source,
      reporter: e.revision.header.reporter,
      findings: findingsJson(e.revision.header.findings),
      rows: e.revision.rows.map((r) => r.values),
      changes: e.changes,
    })),
  };
}

export function rosterCheckText(items: readonly RosterCheckItem[]): string {
  if (items.length === 0) return say('roster.checkClean');
  return [
    say('roster.checkTitle', { count: items.length }),
    ...items.map((i) => `  - ${rosterCheckLine(i)}`),
  ].join('\n');
}

function rosterCheckLine(item: RosterCheckItem): string {
  const kind = item.params.kind;
  return say(`roster.check.${item.code}`, {
    ...item.params,
    kind: kind ? sayIn('unitKind', String(kind)) : undefined,
  });
}

export function rosterCheckJson(items: readonly RosterCheckItem[]) {
  return {
    ok: true,
    items: items.map((i) => ({
      code: i.code,
      unit: i.unit?.id ?? null,
      params: i.params,
      message: rosterCheckLine(i),
    })),
  };
}
