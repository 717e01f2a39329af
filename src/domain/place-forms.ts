// The names a county or city goes by: its roster name and the short forms people use for it (郧阳区 → 郧阳,
// 五峰土家族自治县 → 五峰/五峰县, 神农架林区 → 神农架, 恩施州 → 恩施/恩施土家族苗族自治州). One rule for
// chat (understanding/lexicon.ts) and for every name typed at the CLI or in a sheet (roster.ts).

// Suffixes a place is named without: the ethnic autonomy of a county or prefecture, then its rank.
const AUTONOMY = /(土家族苗族自治州|土家族自治县|苗族自治县|自治州|自治县)$/;
const RANK = /(林区|县|市|区|州)$/;

/** The roster name first, then its short forms (none shorter than two characters). */
export function placeForms(name: string, kind: 'county' | 'city'): string[] {
  const forms = [name];
  const stem = name.replace(AUTONOMY, '').replace(RANK, '');
  if (stem.length >= 2 && stem !== name) {
    forms.push(stem);
    // 五峰土家族自治县 is also 五峰县; 恩施州 is also 恩施土家族苗族自治州 and 恩施市州 is not a thing.
    if (AUTONOMY.test(name)) forms.push(`${stem}${kind === 'city' ? '州' : '县'}`);
    if (name.endsWith('州')) forms.push(`${stem}土家族苗族自治州`, `${stem}自治州`);
  }
  return [...new Set(forms)];
}
