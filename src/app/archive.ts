// Moving an installation: everything lasting in one archive file (gzip'd JSON, readable with any
// tool), and its import into another installation on any engine. An archive is refused whole, with
// the reason, when it is not one, is damaged, or was written by a version with another schema.
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import {
  ARCHIVED_TABLES,
  type ArchivedTable,
  readTables,
  replaceTables,
  type Tables,
} from '../store/archive-repo.ts';
import { NEWEST_MIGRATION } from '../store/schema-state.ts';
import type { Store } from '../store/store.ts';

const FORMAT = 'bangfu-archive';

const RowSchema = z.record(
  z.string().regex(/^[a-z_][a-z0-9_]*$/),
  z.union([z.string(), z.number(), z.null()]),
);
const ArchiveSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  schema: z.string(),
  exportedAt: z.string(),
  tables: z.object(
    Object.fromEntries(ARCHIVED_TABLES.map((t) => [t, z.array(RowSchema)])) as Record<
      ArchivedTable,
      z.ZodArray<typeof RowSchema>
    >,
  ),
});

export type ArchiveCounts = Record<ArchivedTable, number>;

export async function exportArchive(
  store: Store,
  now: Date,
): Promise<{ bytes: Buffer; counts: ArchiveCounts }> {
  const tables = await readTables(store);
  const archive = {
    format: FORMAT,
    version: 1,
    schema: NEWEST_MIGRATION,
    exportedAt: now.toISOString(),
    tables,
  };
  return { bytes: gzipSync(JSON.stringify(archive)), counts: countsOf(tables) };
}

export type ImportResult =
  | { ok: true; counts: ArchiveCounts }
  | { ok: false; problem: 'not_archive' | 'other_schema' | 'refused'; detail: string };

/** Replaces this installation's lasting records with the archive's, all or nothing. */
export async function importArchive(store: Store, bytes: Uint8Array): Promise<ImportResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(gunzipSync(bytes).toString('utf8'));
  } catch (error) {
    return { ok: false, problem: 'not_archive', detail: (error as Error).message };
  }
  const archive = ArchiveSchema.safeParse(parsed);
  if (!archive.success) {
    const issue = archive.error.issues[0];
    return {
      ok: false,
      problem: 'not_archive',
      detail: `${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    };
  }
  if (archive.data.schema !== NEWEST_MIGRATION)
    return { ok: false, problem: 'other_schema', detail: archive.data.schema };
  const tables = archive.data.tables as Tables;
  try {
    await replaceTables(store, tables);
  } catch (error) {
    // A column this schema does not have, a duplicate key: the database refused, nothing was written.
    return { ok: false, problem: 'refused', detail: (error as Error).message.slice(0, 300) };
  }
  return { ok: true, counts: countsOf(tables) };
}

function countsOf(tables: Tables): ArchiveCounts {
  return Object.fromEntries(ARCHIVED_TABLES.map((t) => [t, tables[t].length])) as ArchiveCounts;
}
