import { describe, expect, it } from 'vitest';
import { findObligation } from '../../src/domain/calendar.ts';
import { findLedger, LEDGERS, ledgerById } from '../../src/domain/ledgers/index.ts';
import { type LedgerId, REPORTER_FIELD } from '../../src/domain/ledgers/types.ts';

const UNIT_IN_LABEL = /[(（]\s*(万元|人次|人|个|次|家|对|名)\s*[)）]/;

describe('ledger declarations', () => {
  it('are a1..a7 then m1..m3', () => {
    expect(LEDGERS.map((l) => l.id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'm1', 'm2', 'm3']);
  });

  it('carry the attachment numbers in order; declarations have none', () => {
    expect(LEDGERS.map((l) => l.attachment)).toEqual([1, 2, 3, 4, 5, 6, 7, null, null, null]);
  });

  it('mark exactly 附件1, 3 and 4 as reconstructed', () => {
    expect(LEDGERS.filter((l) => l.reconstructed).map((l) => l.id)).toEqual(['a1', 'a3', 'a4']);
  });

  it('have unique ids and short names', () => {
    expect(new Set(LEDGERS.map((l) => l.id)).size).toBe(LEDGERS.length);
    expect(new Set(LEDGERS.map((l) => l.shortName)).size).toBe(LEDGERS.length);
  });

  for (const ledger of LEDGERS) {
    describe(ledger.id, () => {
      const keys = new Set(ledger.fields.map((f) => f.key));
      const byKey = new Map(ledger.fields.map((f) => [f.key, f]));

      it('has unique camelCase keys and unique labels within a group', () => {
        expect(keys.size).toBe(ledger.fields.length);
        for (const key of keys) expect(key).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        const labels = ledger.fields.map((f) => `${f.group ?? ''}/${f.label}`);
        expect(new Set(labels).size).toBe(labels.length);
      });

      it('has label aliases that name no other column of its group', () => {
        const wordings = ledger.fields.flatMap((f) =>
          [f.label, ...(f.aliases ?? [])].map((w) => `${f.group ?? ''}/${w}`),
        );
        expect(new Set(wordings).size).toBe(wordings.length);
      });

      it('names for every declared date the obligation whose deadline it is measured by (R7)', () => {
        for (const field of ledger.fields.filter((f) => f.kind === 'date')) {
          expect(field.dueBy && findObligation(field.dueBy), field.key).toBeDefined();
        }
        for (const field of ledger.fields.filter((f) => f.dueBy)) expect(field.kind).toBe('date');
      });

      it('has rowKey fields that exist and are required', () => {
        for (const key of ledger.rowKey) {
          expect(keys.has(key), key).toBe(true);
          expect(byKey.get(key)?.required, key).toBe(true);
        }
      });

      it('has planKeys that point at another money/count field of the same kind', () => {
        for (const field of ledger.fields) {
          if (field.planKey === undefined) continue;
          const plan = byKey.get(field.planKey);
          expect(plan, `${field.key} → ${field.planKey}`).toBeDefined();
          expect(plan?.key).not.toBe(field.key);
          expect(plan?.kind).toBe(field.kind);
          expect(plan?.unit).toBe(field.unit);
          expect(plan?.cumulative).toBeUndefined();
        }
      });

      it('has checks on existing numeric fields', () => {
        const numeric = (key: string) => {
          const kind = byKey.get(key)?.kind;
          return kind === 'money' || kind === 'count';
        };
        for (const check of ledger.checks) {
          const refs = check.kind === 'sum' ? [check.total, ...check.parts] : [check.whole, check.part];
          for (const key of refs) expect(numeric(key), key).toBe(true);
        }
      });

      it('keeps units out of labels and on the numeric fields', () => {
        for (const field of ledger.fields) {
          expect(field.label, field.key).not.toMatch(UNIT_IN_LABEL);
          expect(field.label.trim(), field.key).toBe(field.label);
          expect(field.label.length, field.key).toBeGreaterThan(0);
          const numeric = field.kind === 'money' || field.kind === 'count';
          expect(field.unit !== undefined, field.key).toBe(numeric);
          if (field.kind === 'money') expect(field.unit).toBe('万元');
        }
      });

      it('gives choices exactly to choice fields and maxLength to text fields', () => {
        for (const field of ledger.fields) {
          expect((field.choices?.length ?? 0) > 0, field.key).toBe(field.kind === 'choice');
          if (field.kind === 'text') expect(field.maxLength, field.key).toBeGreaterThan(0);
        }
      });

      it('fills the county from context and requires it', () => {
        for (const field of ledger.fields.filter((f) => f.fromContext)) {
          expect(field.fromContext).toBe('county');
          expect(field.required).toBe(true);
          expect(field.kind).toBe('text');
          expect(ledger.rowKey).not.toContain(field.key);
        }
        if (ledger.attachment !== null) {
          expect(ledger.fields.filter((f) => f.fromContext === 'county')).toHaveLength(1);
        }
      });

      it('marks only year-to-date actuals of quarterly ledgers as cumulative', () => {
        const plans = new Set(ledger.fields.flatMap((f) => (f.planKey ? [f.planKey] : [])));
        for (const field of ledger.fields) {
          if (!field.cumulative) continue;
          expect(ledger.cadence, field.key).toBe('quarterly');
          expect(plans.has(field.key), field.key).toBe(false);
          expect(['money', 'count'], field.key).toContain(field.kind);
        }
      });

      it('leaves 填报人及联系方式 to the sheet-level REPORTER_FIELD', () => {
        expect(keys.has(REPORTER_FIELD.key)).toBe(false);
        expect(ledger.fields.map((f) => f.label)).not.toContain(REPORTER_FIELD.label);
      });
    });
  }

  it('keep the 备注 lines of 附件1–5 without numbering or prefix', () => {
    for (const ledger of LEDGERS) {
      if (ledger.attachment !== null && ledger.attachment <= 5) {
        expect(ledger.notes.length, ledger.id).toBe(2);
        for (const line of ledger.notes) expect(line).not.toMatch(/^(备注|\d+\.|\s)/);
      } else if (ledger.id === 'm3') {
        // The notice's sentence asking both the visits and the meeting, shown on the form.
        expect(ledger.notes, ledger.id).toEqual([
          expect.stringContaining('6月底前开展互访交流，召开联席（协调）会议'),
        ]);
      } else {
        expect(ledger.notes, ledger.id).toEqual([]);
      }
    }
  });

  it('every non-plan figure of a1–a4 is cumulative; nothing in the annual ledgers is', () => {
    for (const ledger of LEDGERS) {
      const plans = new Set(ledger.fields.flatMap((f) => (f.planKey ? [f.planKey] : [])));
      for (const field of ledger.fields) {
        const numeric = field.kind === 'money' || field.kind === 'count';
        const expected = ledger.cadence === 'quarterly' && numeric && !plans.has(field.key);
        expect(field.cumulative === true, `${ledger.id}.${field.key}`).toBe(expected);
      }
    }
  });
});

describe('findLedger', () => {
  it.each([
    ['a2', 'a2'],
    ['A2', 'a2'],
    ['附件2', 'a2'],
    [' 附件 2 ', 'a2'],
    ['2', 'a2'],
    ['L2', 'a2'],
    ['l2', 'a2'],
    ['L1', 'a1'],
    ['L5', 'a5'],
    ['7', 'a7'],
    ['附件6', 'a6'],
    ['M1', 'm1'],
    ['m1', 'm1'],
    ['m3', 'm3'],
    ['省直定点帮扶', 'a2'],
    ['社会组织帮扶', 'a4'],
    ['互访及联席会议', 'm3'],
    ['省直单位定点帮扶工作情况台账', 'a2'],
  ])('resolves %s to %s', (alias, id) => {
    expect(findLedger(alias)?.id).toBe(id);
  });

  it('resolves every id and short name', () => {
    for (const ledger of LEDGERS) {
      expect(findLedger(ledger.id)).toBe(ledger);
      expect(findLedger(ledger.id.toUpperCase())).toBe(ledger);
      expect(findLedger(ledger.shortName)).toBe(ledger);
    }
  });

  it.each(['', 'L6', 'L7', '8', '附件8', 'a8', 'm4', 'x'])('does not resolve %s', (alias) => {
    expect(findLedger(alias)).toBeUndefined();
  });
});

describe('ledgerById', () => {
  it('returns the declaration', () => {
    expect(ledgerById('a5').title).toBe('省内区域协作基层单位结对关系统计台账');
  });

  it('throws on an unknown id', () => {
    expect(() => ledgerById('zz' as LedgerId)).toThrow();
  });
});
