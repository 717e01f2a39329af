// `documents [--year] [--as] [--json]`: the documents counties sent in chat (D1, D2), with who sent
// each file, when, its size and SHA-256 — scoped like every other view.
import { type Command, InvalidArgumentError } from 'commander';
import { resolveViewer } from '../app/viewer.ts';
import { localDate } from '../domain/clock.ts';
import { say, sayIn } from '../prompts.ts';
import { listDocuments } from '../store/documents-repo.ts';
import { loadRoster } from '../store/roster-repo.ts';
import type { CommandKit } from './command-kit.ts';
import { problemsJson, problemsText } from './render.ts';

function year(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError(say('problem.period_invalid', { got: value }));
  return Number(value);
}

export function addDocumentsCommand(program: Command, { deps, withStore, print }: CommandKit): void {
  program
    .command('documents')
    .description('列出各县在对话中报送的材料（联席会议方案、责任书、计划、对接汇报）')
    .option('--year <year>', '年份（默认今年）', year)
    .option('--as <contact>', '按某联系人的范围列出')
    .option('--json', '输出 JSON')
    .action((opts: { year?: number; as?: string; json?: boolean }) =>
      withStore(async (store) => {
        const roster = await loadRoster(store);
        const viewer = resolveViewer(roster, opts.as);
        if (!viewer.ok)
          return print(opts, problemsJson(viewer.problems), problemsText(viewer.problems), false);
        const y = opts.year ?? Number(localDate(deps.now()).slice(0, 4));
        const scope = viewer.viewer.scope;
        const records = await listDocuments(store, y, scope.all ? undefined : scope.countyIds);
        const name = (id: string) => roster.units.find((u) => u.id === id)?.name ?? id;
        const who = (id: string) => roster.contacts.find((c) => c.id === id)?.name ?? id;
        const lines =
          records.length === 0
            ? [say('files.cliNone', { year: y })]
            : [
                say('files.cliHeader', { year: y, count: records.length }),
                ...records.map((r) =>
                  say('files.cliLine', {
                    county: name(r.countyId),
                    document: sayIn('files.kind', r.kind),
                    file: r.fileName,
                    size: Math.max(1, Math.round(r.size / 1024)),
                    by: who(r.contactId),
                    at: r.receivedAt,
                  }),
                ),
              ];
        const json = {
          ok: true,
          year: y,
          documents: records.map((r) => ({ ...r, county: name(r.countyId), contact: who(r.contactId) })),
        };
        print(opts, json, lines.join('\n'), true);
      }),
    );
}
