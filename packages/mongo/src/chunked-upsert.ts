import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb'

/** The server error code of a unique index violation (E11000). */
const DUPLICATE_KEY = 11000

/**
 * How often the upserts of one chunk that lost an insert race are sent again. One retry is
 * enough in practice: the loser's retry finds the winner's document and updates it. The bound
 * only keeps a server that reports duplicates forever from looping us forever.
 */
const RACE_RETRIES = 5

/** A chunk failed; `applied` upserts (of all chunks so far) are known to be stored. */
export class ChunkedUpsertError extends Error {
  override readonly name = 'ChunkedUpsertError'
  readonly applied: number

  constructor(applied: number, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause })
    this.applied = applied
  }
}

/**
 * Sends upserts as unordered bulk writes of at most `chunkSize` operations, one chunk after
 * the other. Upserts that fail with a duplicate key lost a race to create the same document
 * with another writer and are sent again; they then update the winner's document, so no
 * increment is lost and no duplicate is created.
 *
 * @param collection - where the documents live
 * @param upserts - update operations with `upsert: true`, at most one per document
 * @param chunkSize - the most operations in one bulk write
 * @throws ChunkedUpsertError with the count of upserts known to be stored
 */
export async function chunkedUpsert<T extends Document>(
  collection: Collection<T>,
  upserts: readonly AnyBulkWriteOperation<T>[],
  chunkSize: number,
): Promise<void> {
  let applied = 0

  for (let start = 0; start < upserts.length; start += chunkSize) {
    const chunk = upserts.slice(start, start + chunkSize)
    const outcome = await upsertChunk(collection, chunk)
    applied += outcome.applied
    if (outcome.error !== undefined) throw new ChunkedUpsertError(applied, outcome.error)
  }
}

interface ChunkOutcome {
  readonly applied: number
  readonly error?: unknown
}

async function upsertChunk<T extends Document>(
  collection: Collection<T>,
  chunk: readonly AnyBulkWriteOperation<T>[],
): Promise<ChunkOutcome> {
  let pending = chunk
  let applied = 0

  for (let attempt = 0; attempt <= RACE_RETRIES; attempt++) {
    try {
      await collection.bulkWrite([...pending], { ordered: false })
      return { applied: applied + pending.length }
    } catch (error) {
      const failed = failedOperations(error)
      if (failed === undefined) return { applied: applied + storedBefore(error), error }

      applied += pending.length - failed.length
      const lostRaces = failed.filter((item) => item.code === DUPLICATE_KEY)
      if (lostRaces.length < failed.length || attempt === RACE_RETRIES) return { applied, error }

      pending = lostRaces.map((item) => pending[item.index] as AnyBulkWriteOperation<T>)
    }
  }
  return { applied }
}

interface FailedOperation {
  readonly index: number
  readonly code: number | undefined
}

interface BulkErrorReport {
  writeErrors?: unknown
  writeConcernError?: unknown
  err?: unknown
  result?: { matchedCount?: unknown; upsertedCount?: unknown }
}

/**
 * The operations an unordered bulk write reports as failed; every other operation of it was
 * applied. Undefined when the error is not such a report: a lost connection (which the driver
 * also wraps as a bulk write error, with no write errors) or a write concern error.
 */
function failedOperations(error: unknown): FailedOperation[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined

  const report = error as BulkErrorReport
  if (report.writeConcernError !== undefined || report.err !== undefined) return undefined

  const list: unknown[] = Array.isArray(report.writeErrors) ? report.writeErrors : []
  if (list.length === 0) return undefined

  const failed: FailedOperation[] = []
  for (const item of list) {
    const { index, code } = item as { index?: unknown; code?: unknown }
    if (typeof index !== 'number') return undefined
    failed.push({ index, code: typeof code === 'number' ? code : undefined })
  }
  return failed
}

/**
 * What a failed bulk write had stored before it failed: the driver splits large bulk writes
 * into several commands and counts the ones the server confirmed. Each upsert touches one
 * document, so matched plus upserted is the number of upserts applied.
 */
function storedBefore(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 0

  const { result } = error as BulkErrorReport
  const matched = result?.matchedCount
  const upserted = result?.upsertedCount
  return typeof matched === 'number' && typeof upserted === 'number' ? matched + upserted : 0
}
