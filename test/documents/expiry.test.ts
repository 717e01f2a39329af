// A file nobody answers for: after 24 hours its card no longer acts, and the hourly housekeeping
// removes its bytes — once, however often it runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { pruneExpiredUploads } from '../../src/app/documents.ts';
import type { BotDeps } from '../../src/bot/deps.ts';
import { dispatch } from '../../src/bot/dispatch.ts';
import { listDocuments } from '../../src/store/documents-repo.ts';
import { fsDocumentStore } from '../../src/store/fs-documents.ts';
import type { OpenedStore } from '../../src/store/open.ts';
import { buttonLabelled, cardOf, consoleBot, demoUser, press } from '../support/bot.ts';
import { demoStore, type TempDb } from '../support/demo-store.ts';

const PDF = new TextEncoder().encode('%PDF-1.4 scan');
let store: OpenedStore;
let db: TempDb;
let dir: string;
let now: Date;
let deps: BotDeps;
beforeEach(async () => {
  ({ store, db } = await demoStore());
  dir = mkdtempSync(join(tmpdir(), 'bangfu-docs-'));
  now = new Date('2023-03-28T02:00:00Z');
  deps = {
    ...consoleBot(store, () => now),
    documents: fsDocumentStore(dir),
    // The platform's side: hands over the bytes of the file that was sent.
    files: { console: { download: async () => ({ ok: true, bytes: PDF }) } },
  };
});
afterEach(async () => {
  await store.close();
  await db.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

it('expires the choice after 24 hours and prunes its bytes once', async () => {
  const user = demoUser('county', '郧阳区');
  const response = await dispatch(
    {
      kind: 'message',
      id: 'm-file',
      sender: { platform: 'console', userId: user },
      conversation: { id: `p-${user}`, kind: 'direct', mentioned: false },
      text: '',
      attachment: { kind: 'file', messageId: 'm-file', key: 'k', name: '方案.pdf' },
    },
    deps,
  );
  const card = cardOf(response.replies[0]);
  expect(await deps.documents?.list('pending/')).toHaveLength(1);

  expect(await pruneExpiredUploads(store, fsDocumentStore(dir), now)).toBe(0);
  now = new Date(now.getTime() + 25 * 3_600_000);
  const late = await press(deps, user, buttonLabelled(card, '联席会议方案'));
  expect(late.toast?.text).toContain('已过期或已处理过');
  expect(await listDocuments(store, 2023)).toEqual([]);

  expect(await pruneExpiredUploads(store, fsDocumentStore(dir), now)).toBe(1);
  expect(await pruneExpiredUploads(store, fsDocumentStore(dir), now)).toBe(0);
  expect(await deps.documents?.list('pending/')).toEqual([]);
});
