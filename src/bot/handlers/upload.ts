// A file or picture sent to the bot: fetched from the platform within the size limit, recognised by
// its bytes, then either previewed as a filled template (import.ts) or filed as a document
// (documents.ts). Nothing is saved at this point; both end in a card that waits for the sender.
import { classifyFile, MAX_DOCUMENT_BYTES } from '../../app/file-kind.ts';
import type { Attachment, BotResponse, Sender } from '../../conversation/model.ts';
import { say } from '../../prompts.ts';
import type { BotDeps } from '../deps.ts';
import type { Identified } from '../identify.ts';
import { askDocument } from './documents.ts';
import { MB, type Received, text } from './held-files.ts';
import { previewUpload } from './import.ts';

export async function receiveFile(
  deps: BotDeps,
  who: Identified,
  sender: Sender,
  attachment: Attachment,
): Promise<BotResponse> {
  const source = deps.files?.[sender.platform];
  if (!source) return text(say('files.noSource'));
  if (!deps.documents) return text(say('files.noStore'));
  const name = attachment.name || say('files.noName');
  const download = await source.download(attachment, MAX_DOCUMENT_BYTES).catch(() => null);
  if (!download?.ok) {
    return text(
      download?.reason === 'too_large'
        ? say('files.tooLarge', { max: MAX_DOCUMENT_BYTES / MB })
        : say('files.downloadFailed'),
    );
  }
  const received: Received = { bytes: download.bytes, name, sender };
  const kind = await classifyFile(download.bytes, name);
  switch (kind.kind) {
    case 'workbook':
      return previewUpload(deps, deps.documents, who, received);
    case 'document':
      return askDocument(deps, deps.documents, who, received, kind);
    case 'unsupported':
      return text(say('files.unsupported', { ext: kind.ext }));
  }
}
