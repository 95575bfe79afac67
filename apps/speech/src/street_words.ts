import type { Rng } from '@mlrecipe/tensor';
import { SpeechInputError } from './errors.js';

/**
 * Real street names of 3–8 letters (common in English-speaking towns), for dev and test: words the
 * model never trains on. Chosen so every letter of the alphabet occurs at least once.
 */
export const STREET_NAMES: readonly string[] = [
  'ELM',
  'OAK',
  'ASH',
  'BAY',
  'MAIN',
  'PARK',
  'HIGH',
  'MILL',
  'KING',
  'QUEEN',
  'CHURCH',
  'STATION',
  'BRIDGE',
  'MARKET',
  'LONDON',
  'VICTORIA',
  'ALBERT',
  'GEORGE',
  'YORK',
  'OXFORD',
  'WINDSOR',
  'CASTLE',
  'ABBEY',
  'BROOK',
  'MEADOW',
  'GROVE',
  'HILL',
  'LAKE',
  'RIVER',
  'FOREST',
  'CEDAR',
  'PINE',
  'MAPLE',
  'BIRCH',
  'WILLOW',
  'SPRING',
  'NORTH',
  'SOUTH',
  'WEST',
  'EAST',
  'UNION',
  'LIBERTY',
  'WALNUT',
  'JACKSON',
  'MADISON',
  'LINCOLN',
  'FRANKLIN',
  'BAKER',
  'FLEET',
  'STRAND',
  'DEAN',
  'REGENT',
  'BOND',
  'VERNON',
  'QUAY',
  'DOCK',
  'WHARF',
  'CANAL',
  'PIER',
  'COVE',
  'DUKE',
  'PRINCE',
  'EDWARD',
  'HENRY',
  'JAMES',
  'ZION',
  'BAXTER',
  'FOXHILL',
  'QUINCY',
  'JUNIPER',
  'VALLEY',
  'VIEW',
  'AVENUE',
  'DEXTER',
  'HAZEL',
  'JUBILEE',
  'KEW',
  'OLIVE',
  'PLAZA',
  'QUARRY',
  'ROYAL',
  'SAXON',
  'TOWER',
  'UPPER',
  'VICAR',
  'WOOD',
  'YEW',
  'ZEPHYR',
  'GLEBE',
  'FERRY',
  'COLLEGE',
  'ORCHARD',
];

const VOWELS = 'AEIOUY';
const CONSONANTS = 'BCDFGHJKLMNPQRSTVWXZ';

/**
 * A street-name-like word of `minLetters`–`maxLetters` letters for training: consonant–vowel
 * syllables with an occasional consonant cluster, letters drawn uniformly within each kind, so rare
 * letters (J, Q, X, Z) are as common as any other consonant and every letter gets trained.
 *
 * @example
 * streetLikeWord(createRng(1)); // e.g. 'KOVAREL'
 */
export function streetLikeWord(rng: Rng, { minLetters = 3, maxLetters = 8 } = {}): string {
  if (!(Number.isInteger(minLetters) && Number.isInteger(maxLetters) && minLetters >= 1 && maxLetters >= minLetters))
    throw new SpeechInputError(
      `streetLikeWord: letters must be whole numbers with 1 ≤ minLetters ≤ maxLetters, got ${minLetters}–${maxLetters}`,
    );
  const length = minLetters + rng.int(maxLetters - minLetters + 1);
  let vowelNext = rng.uniform() < 0.3;
  let word = '';
  while (word.length < length) {
    const kind = vowelNext ? VOWELS : CONSONANTS;
    word += kind[rng.int(kind.length)];
    // After a consonant a vowel usually follows; sometimes a second consonant (a cluster such as "STR").
    vowelNext = vowelNext ? false : rng.uniform() < 0.8;
  }
  return word;
}
