// How people write the names of places in a sheet: 街道办事处 for 街道, 村民委员会 after a village, the
// town before it, full-width letters and stray blanks. Rules compare names only after this.

/** Full-width letters and digits as half-width (NFKC), and no blanks (also the ideographic space). */
export function plainName(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

// Township-level units (乡级行政区): 乡 and 民族乡, 镇, 街道, 苏木 and 民族苏木.
const TOWN = /(乡|镇|街道|苏木)$/;
// What people write after a town's name when they mean its government or office.
const TOWN_OFFICE = /(人民政府|政府|办事处|党工委|党委)$/;

/** The town a pairing unit names ("枣阳1街道办事处" → "枣阳1街道"), or null for a school, a hospital… */
export function townName(text: string): string | null {
  const name = plainName(text)
    .replace(TOWN_OFFICE, '')
    .replace(/街道办$/, '街道');
  return TOWN.test(name) ? name : null;
}

const COMMITTEE = /(村民委员会|村委会|居民委员会|居委会)$/;

/** One key for the ways one unit is written: "某镇人民政府" = "某镇", "樱桃沟村村委会" = "樱桃沟村". */
export function placeKey(text: string): string {
  const town = townName(text);
  return town ?? villageCore(text);
}
// What may stand before a village's own name: the province, city, county or town it lies in.
const PLACE_BEFORE = /(省|市|州|盟|县|区|旗|乡|镇|街道|办事处|苏木)$/;

/** A village's own name without 村/社区 and its committee ("樱桃沟村村民委员会" → "樱桃沟"). */
function villageCore(text: string): string {
  return plainName(text)
    .replace(COMMITTEE, '')
    .replace(/(村|社区)$/, '');
}

/** "茶店镇樱桃沟村", "樱桃沟村村委会" and "樱桃沟村" are the same village; "桃花园村" is not "花园村". */
export function sameVillage(a: string, b: string): boolean {
  const x = villageCore(a);
  const y = villageCore(b);
  if (x === '' || y === '') return false;
  if (x === y) return true;
  const [long, short] = x.length > y.length ? [x, y] : [y, x];
  return long.endsWith(short) && PLACE_BEFORE.test(long.slice(0, -short.length));
}
