// The words the bot knows, derived from the declarations and the roster rather than listed by hand:
// each ledger's number, titles (the other ones the notice gives too), short name and declared aliases;
// each county's and city's full name and the short forms people use (郧阳区 → 郧阳, 五峰土家族自治县 →
// 五峰/五峰县, 恩施州 → 恩施).
import { LEDGERS } from '../domain/ledgers/index.ts';
import { titlesOf } from '../domain/ledgers/labels.ts';
import type { LedgerId } from '../domain/ledgers/types.ts';
import type { Roster } from '../domain/roster.ts';
import { normalizeText } from './normalize.ts';

export interface LedgerWords {
  id: LedgerId;
  attachment: number | null;
  /** Normal forms, longest first. */
  forms: string[];
}

export interface Place {
  kind: 'county' | 'city';
  /** The roster's name (郧阳区, 恩施州). */
  name: string;
  forms: string[];
  /** For a county: its city's name. */
  city: string | null;
}

export interface Lexicon {
  ledgers: readonly LedgerWords[];
  places: readonly Place[];
}

const LEDGER_WORDS: readonly LedgerWords[] = LEDGERS.map((ledger) => ({
  id: ledger.id,
  attachment: ledger.attachment,
  forms: uniqueLongestFirst(
    [...titlesOf(ledger), ledger.shortName, ...ledger.aliases].flatMap(conjunctions).map(normalizeText),
  ),
}));

/** 互访及联席会议 is also written 互访和联席会议 or 互访与联席会议. */
function conjunctions(form: string): string[] {
  return /[及和与]/.test(form) ? ['及', '和', '与'].map((c) => form.replace(/[及和与]/g, c)) : [form];
}

// Suffixes a place is named without: the ethnic autonomy of a county or prefecture, then its rank.
const AUTONOMY = /(土家族苗族自治州|土家族自治县|苗族自治县|自治州|自治县)$/;
const RANK = /(林区|县|市|区|州)$/;

function placeForms(name: string, kind: Place['kind']): string[] {
  const forms = [name];
  const stem = name.replace(AUTONOMY, '').replace(RANK, '');
  if (stem.length >= 2 && stem !== name) {
    forms.push(stem);
    // 五峰土家族自治县 is also 五峰县; 恩施州 is also 恩施土家族苗族自治州 and 恩施市州 is not a thing.
    if (AUTONOMY.test(name)) forms.push(`${stem}${kind === 'city' ? '州' : '县'}`);
    if (name.endsWith('州')) forms.push(`${stem}土家族苗族自治州`, `${stem}自治州`);
  }
  return uniqueLongestFirst(forms.map(normalizeText));
}

export function buildLexicon(roster: Roster): Lexicon {
  const cityName = new Map(roster.units.filter((u) => u.kind === 'city').map((u) => [u.id, u.name]));
  const places: Place[] = roster.units.flatMap((unit): Place[] => {
    if (unit.kind !== 'county' && unit.kind !== 'city') return [];
    return [
      {
        kind: unit.kind,
        name: unit.name,
        forms: placeForms(unit.name, unit.kind),
        city: unit.kind === 'county' ? (cityName.get(unit.cityId ?? '') ?? null) : null,
      },
    ];
  });
  return { ledgers: LEDGER_WORDS, places };
}

function uniqueLongestFirst(forms: readonly string[]): string[] {
  return [...new Set(forms.filter((f) => f !== ''))].sort((a, b) => b.length - a.length);
}
