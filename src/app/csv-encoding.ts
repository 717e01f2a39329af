// A roster CSV as it arrives: Excel on Chinese Windows saves "CSV" as GBK, "CSV UTF-8" with a BOM, and
// "Unicode text" as UTF-16 with a BOM; read as UTF-8, GBK became units named ������ (issue 22). The
// encoding is told by the BOM, else by the bytes being valid UTF-8, else by chardet's statistics (a
// short file too short for them is taken as GBK only if every character is in GB2312's common range);
// anything else — Big5, Shift_JIS, damaged text — is refused naming the file and what is accepted,
// and text holding U+FFFD is never passed on.
import { analyse } from 'chardet';
import { say } from '../prompts.ts';

export type DecodedCsv = { ok: true; text: string; encoding: string } | { ok: false; message: string };

const BOMS: readonly { bytes: readonly number[]; encoding: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];
/** chardet's confidence (0–100) from which its guess of GB18030 is taken. */
const SURE = 50;
const NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
  gb18030: 'GBK（GB18030）',
};

export function decodeCsv(bytes: Uint8Array, file: string): DecodedCsv {
  const bom = BOMS.find((b) => b.bytes.every((byte, i) => bytes[i] === byte));
  const encoding = bom?.encoding ?? guess(bytes);
  if (typeof encoding !== 'string')
    return { ok: false, message: say('roster.encodingUnknown', { file, ...encoding }) };
  let text: string;
  try {
    // fatal: a byte sequence that is not text in this encoding throws instead of becoming U+FFFD.
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(bom?.bytes.length ?? 0));
  } catch {
    return {
      ok: false,
      message: say('roster.encodingInvalid', { file, encoding: NAMES[encoding] ?? encoding }),
    };
  }
  if (text.includes('\ufffd') || text.includes('\u0000'))
    return {
      ok: false,
      message: say('roster.encodingInvalid', { file, encoding: NAMES[encoding] ?? encoding }),
    };
  return { ok: true, text, encoding };
}

function guess(bytes: Uint8Array): string | { guess: string } {
  if (validUtf8(bytes)) return 'utf-8';
  const matches = analyse(bytes);
  const rated = (name: string) => matches.find((m) => m.name === name)?.confidence ?? 0;
  const gb = rated('GB18030');
  // The other double-byte encodings are the ones that can hold the same bytes; a single-byte guess
  // (ISO-8859-1) is left aside, as its text would rarely be valid GBK throughout, which is checked.
  const otherCjk = Math.max(...['Big5', 'Shift_JIS', 'EUC-JP', 'EUC-KR'].map(rated));
  if (gb >= SURE && gb >= otherCjk) return 'gb18030';
  // Too few hanzi for chardet to be sure: GBK when every pair is GB2312 punctuation or hanzi and
  // chardet rates GB18030 at least as high as the other double-byte encodings.
  if (gb2312Only(bytes) && gb > 0 && gb >= otherCjk) return 'gb18030';
  const top = matches[0];
  const sure = (top?.confidence ?? 0) >= SURE;
  return {
    guess: top && sure ? say('roster.encodingLooksLike', { name: top.name }) : say('roster.encodingUnsure'),
  };
}

function validUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** ASCII and GB2312 pairs of punctuation (lead 0xA1–0xA3) or hanzi (0xB0–0xF7) only: Big5's common
 *  hanzi (0xA4–0xAF) and trail bytes below 0xA1, and Shift_JIS, fall outside. */
function gb2312Only(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) continue;
    const trail = bytes[i + 1] ?? 0;
    const row = (lead >= 0xa1 && lead <= 0xa3) || (lead >= 0xb0 && lead <= 0xf7);
    if (!row || trail < 0xa1 || trail > 0xfe) return false;
    i++;
  }
  return true;
}
