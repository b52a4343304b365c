import type { CellAddress, CellData, CellWrite, MergeOp } from '../backend.js'

/** The five series types. */
export type TypeName = 'series' | 'histogram' | 'count' | 'gauge' | 'set'

/** A cell write being folded: its address fields plus a mutable change. */
export type PendingWrite = {
  -readonly [K in keyof CellAddress | 'expiresAt']: CellWrite[K]
} & PendingChange

/**
 * What one type means: which merge operation its cells use, how a point folds into a
 * pending cell write, how a stored cell reads back, and how two buckets combine.
 * `D` is the data of one bucket; element values are `unknown` here because core runs
 * the same semantics on encoded strings and on decoded values.
 */
export interface TypeSemantics<D = unknown> {
  readonly name: TypeName
  readonly op: MergeOp
  /**
   * The pending write of a cell, holding its first point (an encoded value or an amount).
   * Each type writes out the whole literal, address fields first in one order, rather than
   * spreading a change into a shared one: a spread copy costs about 5 % of a histogram
   * ingest, and every type's writes keep one object shape.
   */
  start(
    name: string,
    interval: string,
    bucket: number,
    sub: number | null,
    expiresAt: number | null,
    point: string | number,
  ): PendingWrite
  /** Folds one more point into a pending change, in arrival order. */
  fold(change: PendingChange, point: string | number): void
  /** The data of a bucket that holds nothing. */
  empty(): D
  /** A stored cell's data, each element passed through `decode`. */
  fromCell(cell: CellData, decode: (encoded: string) => unknown): D
  /** The same data with every element passed through `decode`. */
  decode(data: D, decode: (encoded: string) => unknown): D
  /** `later` merged into `earlier` (in time or in the order names were given). */
  merge(earlier: D, later: D): D
}

/** The mutable change part of a pending write. */
export type PendingChange =
  | { op: 'append'; values: string[] }
  | { op: 'count'; counts: Map<string, number> }
  | { op: 'increment'; amount: number }
  | { op: 'replace'; value: string }
  | { op: 'add'; members: Set<string> }
