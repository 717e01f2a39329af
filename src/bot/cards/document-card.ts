// "这是哪份材料？": the documents the sending county still owes this year, as buttons, from the
// calendar's document obligations (D1, D2); when all are in, every owed document (a new version).
import type { OwedDocument } from '../../app/documents.ts';
import { actionValue } from '../../conversation/actions.ts';
import type { Button, Card } from '../../conversation/model.ts';
import { say, sayIn } from '../../prompts.ts';

export function documentLabel(doc: { kind: string }): string {
  return sayIn('files.kind', doc.kind);
}

export function documentChoiceCard(input: {
  id: string;
  fileName: string;
  size: string;
  county: string;
  year: number;
  owed: readonly OwedDocument[];
  missing: readonly OwedDocument[];
}): Card {
  const choices = input.missing.length > 0 ? input.missing : input.owed;
  const buttons: Button[] = choices.map((doc) => ({
    label:
      input.missing.length > 0
        ? documentLabel(doc)
        : say('files.docReplace', { document: documentLabel(doc) }),
    style: 'primary',
    action: actionValue({ op: 'doc', id: input.id, k: doc.kind }),
  }));
  buttons.push({
    label: say('files.cancel'),
    style: 'default',
    action: actionValue({ op: 'doc', id: input.id, k: '' }),
  });
  const status =
    input.missing.length > 0
      ? say('files.docStillOwed', { list: input.missing.map(documentLabel).join('、') })
      : say('files.docAllReceived', { year: input.year });
  return {
    title: say('files.docTitle'),
    tone: 'info',
    blocks: [
      {
        kind: 'text',
        text: say('files.docIntro', {
          file: input.fileName,
          size: input.size,
          county: input.county,
          year: input.year,
        }),
      },
      { kind: 'note', text: status },
      { kind: 'buttons', buttons },
    ],
  };
}
