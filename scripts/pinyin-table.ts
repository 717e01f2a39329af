// Writes src/understanding/pinyin-table.json: the toneless readings of the 3,755 most common Chinese
// characters (GB2312 level 1), from pinyin-pro. The understanding of messages uses it to read a word
// typed with a same-sounding character (结队 for 结对, 付件 for 附件). Run: npx tsx scripts/pinyin-table.ts
import { writeFileSync } from 'node:fs';
import { pinyin } from 'pinyin-pro';

const decoder = new TextDecoder('gb18030');
const table: Record<string, string> = {};
// GB2312 level 1: rows 0xB0–0xD7, cells 0xA1–0xFE (row 0xD7 ends at 0xF9).
for (let row = 0xb0; row <= 0xd7; row++) {
  for (let cell = 0xa1; cell <= (row === 0xd7 ? 0xf9 : 0xfe); cell++) {
    const char = decoder.decode(new Uint8Array([row, cell]));
    const readings = pinyin(char, { multiple: true, type: 'array', toneType: 'none' });
    table[char] = [...new Set(readings)].join(' ');
  }
}
const path = new URL('../src/understanding/pinyin-table.json', import.meta.url);
writeFileSync(path, `${JSON.stringify(table)}\n`);
console.log(`${Object.keys(table).length} characters`);
