import type { Db } from 'mongodb'
import { expect } from 'vitest'
import { NAMES, TYPES } from './concurrency-plan.js'

/**
 * Checks with the raw driver that racing upserts left one document per cell and per name,
 * as the mongo package lays them out: cells in `kairos`, keyed by prefix `p`, name `n`,
 * interval `i`, bucket `b` and sub-bucket `s`; names in `kairos_names`, keyed by `p` and `n`.
 *
 * @param db - the database the writers used
 * @param prefix - the run's prefix; each type wrote under `prefix:type`
 * @returns a note for the test's annotation
 */
export async function checkNoDuplicates(db: Db, prefix: string): Promise<string> {
  const prefixes = TYPES.map((type) => `${prefix}:${type}`)
  const cells = db.collection('kairos')
  const names = db.collection('kairos_names')

  const cellKeys = await cells
    .aggregate<{ _id: unknown; copies: number }>([
      { $match: { p: { $in: prefixes } } },
      { $group: { _id: { p: '$p', n: '$n', i: '$i', b: '$b', s: '$s' }, copies: { $sum: 1 } } },
    ])
    .toArray()
  expect(cellKeys.filter((key) => key.copies > 1)).toEqual([])

  // The cells every writer raced to create first: each name's first minute bucket.
  const first = await cells.find({ p: prefixes[0], i: 'minute' }).sort({ b: 1 }).limit(1).next()
  for (const p of prefixes) {
    for (const n of NAMES) {
      expect(await cells.countDocuments({ p, n, i: 'minute', b: first?.b, s: null })).toBe(1)
    }
  }

  const nameKeys = await names.countDocuments({ p: { $in: prefixes } })
  expect(nameKeys).toBe(prefixes.length * NAMES.length)
  return `, ${cellKeys.length} cell documents, none duplicated`
}
