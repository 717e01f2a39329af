// Keeping and moving the data: `backup` / `restore` of a SQLite database (PostgreSQL has pg_dump and
// pg_restore, which these name instead), and `archive export` / `archive import` of everything
// lasting, to move an installation to another machine or database engine.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { exportArchive, importArchive } from '../app/archive.ts';
import { say } from '../prompts.ts';
import { isPostgresUrl, shownDatabaseUrl } from '../store/database-url.ts';
import { checkBackup, restoreSqlite } from '../store/sqlite-restore.ts';
import type { CommandKit } from './command-kit.ts';

interface Output {
  json?: boolean;
}

export function addDataCommands(program: Command, { deps, withStore, print }: CommandKit): void {
  const { url, migrations } = deps.database;
  const postgres = isPostgresUrl(url);

  program
    .command('backup <file>')
    .description('备份 SQLite 数据库（运行中也可，得到一致的副本）')
    .option('--json', '输出 JSON')
    .action((file: string, opts: Output) => {
      if (postgres) return print(opts, { ok: false, error: 'postgres' }, pgDumpHint(url, file), false);
      return withStore(async (store) => {
        if (!store.backup) return print(opts, { ok: false }, pgDumpHint(url, file), false);
        await store.backup(file);
        const check = checkBackup(file, migrations);
        const ok = check.ok;
        print(
          opts,
          { ok, file, schema: ok ? check.schema : null },
          ok ? say('cli.backupDone', { file }) : say('cli.backupBroken', { file }),
          ok,
        );
      });
    });

  program
    .command('restore <file>')
    .description('从备份恢复 SQLite 数据库（先检查备份完好、版本相符；请先停止服务）')
    .option('--json', '输出 JSON')
    .action(async (file: string, opts: Output) => {
      if (postgres) return print(opts, { ok: false, error: 'postgres' }, pgRestoreHint(url, file), false);
      const check = checkBackup(file, migrations);
      if (!check.ok) {
        const text = say(`cli.restoreRefused.${check.problem}`, { file, detail: check.detail });
        return print(opts, { ok: false, error: check.problem, detail: check.detail }, text, false);
      }
      const applied = await restoreSqlite(file, url, migrations);
      print(
        opts,
        { ok: true, file, schema: check.schema, applied },
        say('cli.restoreDone', { file, database: shownDatabaseUrl(url), count: applied.length }),
        true,
      );
    });

  const archive = program
    .command('archive')
    .description('搬迁：导出、导入全部长期数据（名册、各版本报送、文件记录等）');
  archive
    .command('export <file>')
    .description('把全部长期数据导出为一个档案文件（.json.gz）')
    .option('--json', '输出 JSON')
    .action((file: string, opts: Output) =>
      withStore(async (store) => {
        const { bytes, counts } = await exportArchive(store, deps.now());
        writeFileSync(file, bytes);
        print(opts, { ok: true, file, counts }, say('cli.archiveExported', { file, ...counts }), true);
      }),
    );
  archive
    .command('import <file>')
    .description('从档案文件导入，替换本库的全部长期数据（全部成功或全不导入）')
    .option('--json', '输出 JSON')
    .action((file: string, opts: Output) =>
      withStore(async (store) => {
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch (error) {
          const reason = (error as Error).message;
          return print(
            opts,
            { ok: false, error: 'unreadable' },
            say('cli.fileUnreadable', { path: file, reason }),
            false,
          );
        }
        const result = await importArchive(store, bytes);
        if (!result.ok) {
          const text = say(`cli.archiveRefused.${result.problem}`, { file, detail: result.detail });
          return print(opts, { ok: false, error: result.problem, detail: result.detail }, text, false);
        }
        print(
          opts,
          { ok: true, file, counts: result.counts },
          say('cli.archiveImported', { file, ...result.counts }),
          true,
        );
      }),
    );
}

function pgDumpHint(url: string, file: string): string {
  return say('cli.backupPostgres', {
    command: `pg_dump --format=custom --file=${file} "${shownDatabaseUrl(url)}"`,
  });
}

function pgRestoreHint(url: string, file: string): string {
  return say('cli.restorePostgres', {
    command: `pg_restore --clean --if-exists --no-owner --dbname="${shownDatabaseUrl(url)}" ${file}`,
  });
}
