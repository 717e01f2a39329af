// Figure questions inside workerd over the local D1: the answer's number equals the sum worked out
// here from the stored rows with SQL, and the model reading reaches a loopback fake model service
// through the Workers runtime's own fetch.
import { env } from 'cloudflare:workers';
import { sql } from 'kysely';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { respond } from '../../src/bot/chat/respond.ts';
import { createModelReading } from '../../src/bot/model-reading/client.ts';
import { responseText } from '../../src/conversation/reply-text.ts';
import { findContact, findUnit } from '../../src/domain/roster.ts';
import { openD1 } from '../../src/store/d1.ts';
import { appendRevision } from '../../src/store/revisions-repo.ts';
import { loadRoster } from '../../src/store/roster-repo.ts';
import { resetD1 } from '../cases/harness/workerd-app.ts';

const store = openD1(env.DB);
const NOW = new Date('2023-07-05T10:00:00+08:00');
const BUREAU_MOBILE = '17000000001';
const conversation = { id: 'w', kind: 'direct' as const, mentioned: true };

beforeEach(async () => {
  await resetD1(store);
  const roster = await loadRoster(store);
  let n = 0;
  for (const county of roster.units.filter((u) => u.kind === 'county').slice(0, 12)) {
    n++;
    await appendRevision(
      store,
      {
        form: 'a2',
        period: '2023Q2',
        countyId: county.id,
        contactId: 'seed',
        unitId: county.id,
        source: 'cli',
        submittedAt: '2023-06-30T02:00:00.000Z',
        header: { reporter: '测试', findings: [] },
        rows: [
          {
            key: '#甲',
            values: { provincialUnit: '甲', county: county.name, fundsActual: n * 123_400, fundsPlanned: 0 },
          },
        ],
      },
      1,
    );
  }
});

async function asker() {
  const roster = await loadRoster(store);
  const contact = findContact(roster, BUREAU_MOBILE);
  const unit = contact && findUnit(roster, contact.unitId);
  if (!contact || !unit) throw new Error('no bureau contact');
  return { roster, who: { contact, unit } };
}

async function storedSum(): Promise<number> {
  const row = await store.db
    .selectFrom('revisions')
    .select(({ fn }) => fn.sum<number>(sqlJson('fundsActual')).as('s'))
    .where('form', '=', 'a2')
    .where('period', '=', '2023Q2')
    .where('row_key', '!=', '')
    .executeTakeFirstOrThrow();
  return Number(row.s);
}

/** json_extract over the stored payloads: the sum worked out without the app's code. */
function sqlJson(key: string) {
  return sql<number>`json_extract(payload, ${`$.${key}`})`;
}

describe('figure questions on Workers with D1', () => {
  it('answers a total equal to the stored rows’ sum', async () => {
    const { roster, who } = await asker();
    const deps = { store, now: () => NOW, messenger: { send: async () => undefined } };
    const text = responseText(await respond(deps, roster, who, '二季度省直帮扶资金一共多少', conversation));
    expect(text).toContain(`附件2 省直定点帮扶：${((await storedSum()) / 10_000).toFixed(2)}万元`);
    expect(text).toContain('基于 12/37 个县的报送');
  });

  it('reads what the rules do not with a model reached by fetch, and marks it', async () => {
    const fakes = inject('fakes');
    const post = (url: string, body: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(body) });
    const { url } = (await (await post(`${fakes}/model`, {})).json()) as { url: string };
    try {
      const answer = {
        intent: 'figure',
        ledger: 'a2',
        period: '2023Q2',
        metric: 'a2.fundsActual',
        measure: 'actual',
        shape: 'total',
        sure: true,
      };
      await post(`${url.replace(/\/v1$/, '')}/__test/answer`, { content: JSON.stringify(answer) });
      const model = createModelReading({
        baseUrl: url,
        model: 'qwen',
        apiKey: null,
        timeoutMs: 2000,
        concurrency: 2,
      });
      const { roster, who } = await asker();
      const deps = {
        store,
        now: () => NOW,
        messenger: { send: async () => undefined },
        intentFallback: model,
      };
      const text = responseText(await respond(deps, roster, who, '那个搞钱的事咋样了', conversation));
      expect(text.split('\n')[0]).toBe('【2023年第二季度 实际投入帮扶资金（智能理解）】');
      expect(text).toContain(`附件2 省直定点帮扶：${((await storedSum()) / 10_000).toFixed(2)}万元`);
      const requests = (await (await fetch(`${url.replace(/\/v1$/, '')}/__test/requests`)).json()) as {
        body: string;
      }[];
      expect(requests).toHaveLength(1);
      expect(requests[0]?.body).not.toMatch(/1[3-9]\d{9}/);
    } finally {
      await post(`${fakes}/close`, { url });
    }
  });
});
