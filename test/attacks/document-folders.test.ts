// Finding 9: the key sanitiser turned county:竹山县 and county:郧阳区 alike into county____, so the
// documents of different counties shared one folder (and a listing of one county's folder showed the
// other's files). Each county and kind now has a folder of its own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentKey, keySegment } from '../../src/app/documents.ts';
import { listDocuments } from '../../src/store/documents-repo.ts';
import {
  buttonValue,
  type FeishuBot,
  startFeishuBot,
  YUNYANG,
  ZHUSHAN,
} from '../documents/feishu-harness.ts';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

let bot: FeishuBot;
beforeEach(async () => {
  bot = await startFeishuBot(new Date('2023-03-28T02:00:00Z'));
});
afterEach(() => bot.close());

async function fileAs(openId: string) {
  const from = bot.sentTo(openId).length;
  await bot.file(openId, '联席会议方案.pdf', PDF);
  const [card] = bot.sentTo(openId, from);
  await bot.press(openId, buttonValue(card?.content, '联席会议方案'));
}

describe('documents of two counties', () => {
  it('are kept in two folders, each listing only its own county’s file', async () => {
    await fileAs(YUNYANG);
    await fileAs(ZHUSHAN);
    const records = await listDocuments(bot.store, 2023);
    expect(records.map((r) => r.countyId).sort()).toEqual(['county:竹山县', 'county:郧阳区']);
    const folderOf = (countyId: string) =>
      records
        .find((r) => r.countyId === countyId)
        ?.storageKey.split('/')
        .slice(0, 3)
        .join('/') ?? '';
    const yunyang = folderOf('county:郧阳区');
    const zhushan = folderOf('county:竹山县');
    expect(yunyang).not.toBe(zhushan);
    expect(await bot.documents.list(`${yunyang}/`)).toEqual([
      records.find((r) => r.countyId === 'county:郧阳区')?.storageKey,
    ]);
    expect(await bot.documents.list(`${zhushan}/`)).toEqual([
      records.find((r) => r.countyId === 'county:竹山县')?.storageKey,
    ]);
  });

  it('every county, city and unit of the same kind gets a segment of its own, readable where it can be', () => {
    const ids = [
      'county:竹山县',
      'county:郧阳区',
      'county:郧西县',
      'city:十堰市',
      'county:a b',
      'county:a_b',
    ];
    expect(new Set(ids.map(keySegment)).size).toBe(ids.length);
    expect(keySegment('joint_meeting_plan')).toBe('joint_meeting_plan');
    expect(keySegment('county:竹山县')).toMatch(/^county-[0-9a-f]{12}$/);
    expect(documentKey(2023, 'county:竹山县', 'annual_plan', 'abc', 'pdf')).toMatch(
      /^documents\/2023\/county-[0-9a-f]{12}\/annual_plan\/abc\.pdf$/,
    );
  });
});
