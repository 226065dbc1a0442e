import type { Rng } from '../prng.js';

/** A generated person (all fictional). Names deliberately include non-ASCII scripts. */
export interface Person {
  givenNames: string;
  familyName: string;
  fullName: string;
  dateOfBirth: string;
  /** ISO 3166-1 alpha-3. */
  nationality: string;
  /** ISO 3166-1 alpha-2 of the same country. */
  country2: string;
}

const WESTERN: ReadonlyArray<readonly [string, string, string]> = [
  // given names, family name, country (alpha-3)
  ['Zoë', 'Ærøskøbing', 'DNK'],
  ['Søren', 'Kierkegård', 'DNK'],
  ['José', 'Núñez', 'ESP'],
  ['Ana María', 'García-López', 'ESP'],
  ['Jürgen', 'Müller', 'DEU'],
  ['Anna', 'Schäfer', 'DEU'],
  ['Łukasz', 'Wiśniewski', 'POL'],
  ['Guðrún', 'Ólafsdóttir', 'ISL'],
  ['François', 'Lefèvre', 'FRA'],
  ['Chloé', 'Dubois', 'FRA'],
  ['Siobhán', "O'Brien", 'IRL'],
  ['Oliver', 'Smith', 'GBR'],
  ['Amelia', 'Jones', 'GBR'],
  ['Harry', 'Williams', 'GBR'],
  ['Emily', 'Taylor', 'GBR'],
  ['Giulia', 'Rossi', 'ITA'],
  ['Lars', 'van der Berg', 'NLD'],
  ['Ngọc Anh', 'Nguyễn', 'VNM'],
  ['Αλέξανδρος', 'Παπαδόπουλος', 'GRC'],
  ['Ирина', 'Иванова', 'BGR'],
  ['John', 'Doe', 'USA'],
  ['Mary-Jane', 'Watson', 'USA'],
];

const FAMILY_FIRST: ReadonlyArray<readonly [string, string, string]> = [
  ['雷', '李', 'CHN'],
  ['梅梅', '韩', 'CHN'],
  ['太郎', '山田', 'JPN'],
  ['지민', '박', 'KOR'],
];

const ALPHA2: Record<string, string> = {
  DNK: 'DK',
  ESP: 'ES',
  DEU: 'DE',
  POL: 'PL',
  ISL: 'IS',
  FRA: 'FR',
  IRL: 'IE',
  GBR: 'GB',
  ITA: 'IT',
  NLD: 'NL',
  VNM: 'VN',
  GRC: 'GR',
  BGR: 'BG',
  USA: 'US',
  CHN: 'CN',
  JPN: 'JP',
  KOR: 'KR',
};

/** Draws a fictional person. */
export function person(rng: Rng): Person {
  const familyFirst = rng.chance(0.12);
  const [givenNames, familyName, nationality] = rng.pick(familyFirst ? FAMILY_FIRST : WESTERN);
  const year = rng.int(1950, 2006);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  return {
    givenNames,
    familyName,
    fullName: familyFirst ? `${familyName}${givenNames}` : `${givenNames} ${familyName}`,
    dateOfBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    nationality,
    country2: ALPHA2[nationality] ?? 'GB',
  };
}

/** Some company names for entity checks (ComplyCube clients can be companies). */
export const COMPANIES: readonly string[] = [
  'Acme Widgets Ltd',
  'Müller & Söhne GmbH',
  'Société Générale des Éclairs SARL',
  '北京示例科技有限公司',
  'Nordisk Ærø ApS',
];
