import { fleschKincaid } from 'flesch-kincaid'
import { syllable } from 'syllable'

// How hard a letter is to read: the Flesch–Kincaid grade (a US school grade; add about 5 for a reading age),
// from sentences, words and syllables counted here. A line without a full stop (a greeting, a heading, a name
// under the sign-off) is a sentence of its own, as a reader takes it. A number is a word of two syllables.

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu
const HAS_WORD = /[\p{L}\p{N}]/u

export interface ReadingCounts {
  sentence: number
  word: number
  syllable: number
}

export function countText(text: string): ReadingCounts {
  const sentences = text
    .split(/\n+|(?<=[.!?:;])\s+/u)
    .map(s => s.trim())
    .filter(s => HAS_WORD.test(s))
  const words = text.match(WORD) ?? []
  const syllables = words.reduce((n, w) => n + (/^\p{N}+$/u.test(w) ? 2 : Math.max(1, syllable(w))), 0)
  return { sentence: sentences.length, word: words.length, syllable: syllables }
}

/** The Flesch–Kincaid grade of a text, to one decimal place; null when it has no words. */
export function readingGrade(text: string): number | null {
  const counts = countText(text)
  if (counts.word === 0 || counts.sentence === 0) return null
  return Math.round(fleschKincaid({ ...counts }) * 10) / 10
}

/**
 * The hardest a child's letter may be: the grade of the child's age less six (a US grade is a school year,
 * grade 1 at six to seven, so a child of ten is asked for grade 4), and never asked below grade 3: a younger
 * child has the letter read with them by an adult they know, and the words it must use to be true (police, court,
 * review, compensation, the names of the people and agencies) cannot go simpler. No limit without an age.
 */
export const YOUNGEST_GRADE = 3

export function gradeLimitFor(age: number | null): number | null {
  if (age === null) return null
  return Math.max(age - 6, YOUNGEST_GRADE)
}

/** The letter's level and, for a child's letter, the limit for their age and whether the text is within it. */
export function readingLevelOf(text: string, audience: 'family' | 'child', language: string, age: number | null) {
  const level = isEnglish(language) ? readingGrade(text) : null
  const limit = audience === 'child' ? gradeLimitFor(age) : null
  return {
    readingLevel: level,
    readingLevelLimit: limit,
    withinReadingLevel: level === null || limit === null ? null : level <= limit,
  }
}

export function isEnglish(language: string): boolean {
  return language === 'en' || language.startsWith('en-')
}
