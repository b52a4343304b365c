import type { CellWrite, MergeOp } from '@kairos/core'
import { encodeValue, subMarker } from './cell-encoding.js'
import { encodeComponent, NameKeys, OP_LETTER } from './key-layout.js'

/**
 * Turns a slice of folded cell writes into `kairosWrite` commands: one per name (more only
 * when a name's share exceeds {@link ITEM_BUDGET}), each carrying the name's index entries
 * and, per bucket key, one payload with every field, member or element the key receives.
 */

/** Payload items per command: bounds how long one script holds the server. */
export const ITEM_BUDGET = 20_000

/** Items per payload piece, so that a huge bucket can be spread over several commands. */
const PIECE_ITEMS = 2_000

/** How the write script stores each merge operation (see the script's modes). */
const MODE: Readonly<Record<MergeOp, string>> = {
  count: 'i',
  increment: 'i',
  replace: 'h',
  add: 's',
  append: 'l',
}

/** Ends every payload item; stored items never hold a NUL (see `encodeValue`). */
const END = '\u0000'

/** One `kairosWrite` call. */
export interface WriteCommand {
  /** The arguments after the script: key count, keys, then script arguments. */
  readonly args: readonly [number, ...string[]]
  /** The bucket keys (by id) this command writes to, whole or in part. */
  readonly keyIds: readonly number[]
  /** Cell writes stored once this command and the earlier ones with the same keys succeed. */
  readonly completes: readonly (readonly [keyId: number, cells: number])[]
}

/** What one slice of writes becomes. */
export interface WritePlan {
  /** Score/member pairs for the prefix's names sorted set (`ZADD … GT`). */
  readonly names: readonly string[]
  /** The commands of each name, in order. */
  readonly perName: readonly (readonly WriteCommand[])[]
  /** Cell writes with nothing to store (an empty member set, say): applied by definition. */
  readonly emptyCells: number
}

/** The expiry of a group of cells: the latest of them, `null` (never) winning over any. */
type Expiry = number | null | undefined

interface IntervalState {
  readonly encoded: string
  readonly ops: Set<MergeOp>
  readonly buckets: Set<number>
  expiresAt: Expiry
}

interface KeyState {
  readonly key: string
  mode: string
  readonly expiresAt: string
  /**
   * Finished payload pieces, and the parts of the one being filled: joined once when full,
   * because adding to a string per item would leave a trail of intermediate strings.
   */
  readonly pieces: string[]
  current: string[]
  items: number
  readonly subs: Set<number | null>
  cells: number
}

interface NameState {
  readonly keys: NameKeys
  readonly intervals: Map<string, IntervalState>
  readonly data: Map<string, KeyState>
}

/**
 * Groups writes by name and bucket key and spells out the commands.
 *
 * @param prefix - the timeseries prefix
 * @param writes - folded cell writes, as core hands them over
 */
export function planWrites(prefix: string, writes: readonly CellWrite[]): WritePlan {
  const states = new Map<string, NameState>()
  for (const write of writes) addWrite(stateOf(states, prefix, write.name), write)

  const names: string[] = []
  const perName: WriteCommand[][] = []
  const ids = { next: 0 }
  let emptyCells = 0
  for (const state of states.values()) {
    const expiry = latestOf(state.intervals.values())
    names.push(expiry === null ? '+inf' : String(expiry), state.keys.member)
    perName.push(commandsOf(state, ids))
    for (const stored of state.data.values()) if (stored.items === 0) emptyCells += stored.cells
  }
  return { names, perName, emptyCells }
}

function stateOf(states: Map<string, NameState>, prefix: string, name: string): NameState {
  let state = states.get(name)
  if (state === undefined) {
    state = { keys: new NameKeys(prefix, name), intervals: new Map(), data: new Map() }
    states.set(name, state)
  }
  return state
}

function addWrite(state: NameState, write: CellWrite): void {
  let interval = state.intervals.get(write.interval)
  if (interval === undefined) {
    const encoded = encodeComponent(write.interval)
    interval = { encoded, ops: new Set(), buckets: new Set(), expiresAt: undefined }
    state.intervals.set(write.interval, interval)
  }
  interval.ops.add(write.op)
  interval.buckets.add(write.bucket)
  interval.expiresAt = later(interval.expiresAt, write.expiresAt)

  const key = state.keys.data(write.op, interval.encoded, write.bucket)
  let stored = state.data.get(key)
  if (stored === undefined) {
    const expiresAt = write.expiresAt === null ? '' : String(write.expiresAt)
    stored = {
      key,
      mode: MODE[write.op],
      expiresAt,
      pieces: [],
      current: [],
      items: 0,
      subs: new Set(),
      cells: 0,
    }
    state.data.set(key, stored)
  }
  // Core folds writes per cell; should a cell come twice, the script must add, not set.
  if (stored.subs.has(write.sub) && stored.mode === 'i') stored.mode = 'I'
  stored.subs.add(write.sub)
  stored.cells += 1
  addItems(stored, write)
}

function addItems(stored: KeyState, write: CellWrite): void {
  const marker = subMarker(write.bucket, write.sub)
  switch (write.op) {
    case 'count':
      write.counts.forEach((n, member) => {
        pushPair(stored, marker, encodeValue(member), String(n))
      })
      return
    case 'increment':
      pushPair(stored, marker, '', String(write.amount))
      return
    case 'replace':
      pushPair(stored, marker, '', encodeValue(write.value))
      return
    case 'add':
      for (const member of write.members) pushItem(stored, marker, encodeValue(member))
      return
    case 'append':
      for (const value of write.values) pushItem(stored, marker, encodeValue(value))
      return
  }
}

/** Adds one item: the cell's marker, then the text. */
function pushItem(stored: KeyState, marker: string, text: string): void {
  startPieceIfFull(stored)
  stored.current.push(marker, text, END)
  stored.items += 1
}

/** Adds one field/value pair, kept inside one piece. */
function pushPair(stored: KeyState, marker: string, field: string, value: string): void {
  startPieceIfFull(stored)
  stored.current.push(marker, field, END, value, END)
  stored.items += 2
}

function startPieceIfFull(stored: KeyState): void {
  if (stored.items % PIECE_ITEMS === 0 && stored.items > 0) {
    stored.pieces.push(stored.current.join(''))
    stored.current = []
  }
}

/** The name's commands: the index part first, then the data, cut at the item budget. */
function commandsOf(state: NameState, ids: { next: number }): WriteCommand[] {
  const builder = new CommandBuilder(indexPart(state))
  for (const stored of state.data.values()) builder.addKey(stored, ids.next++)
  return builder.finish()
}

function indexPart(state: NameState): { keys: string[]; args: string[] } {
  const members: string[] = []
  const keys = [state.keys.meta()]
  const sets: string[] = []
  for (const interval of state.intervals.values()) {
    for (const op of interval.ops) members.push(OP_LETTER[op] + interval.encoded)
    keys.push(state.keys.buckets(interval.encoded))
    sets.push(expiryText(interval.expiresAt), String(2 * interval.buckets.size))
    for (const bucket of interval.buckets) sets.push(String(bucket), String(bucket))
  }

  const metaExpiry = expiryText(latestOf(state.intervals.values()))
  return { keys, args: [metaExpiry, String(members.length), ...members, ...sets] }
}

/** Fills commands up to the item budget; a key's pieces may spread over several. */
class CommandBuilder {
  private readonly done: WriteCommand[] = []
  private keys: string[]
  private args: string[]
  private items: number
  private keyIds: number[] = []
  private completes: [number, number][] = []

  constructor(index: { keys: string[]; args: string[] }) {
    this.keys = index.keys
    this.args = [String(index.keys.length), ...index.args]
    this.items = index.args.length
  }

  addKey(stored: KeyState, keyId: number): void {
    if (stored.items === 0) return

    const pieces =
      stored.current.length === 0 ? stored.pieces : [...stored.pieces, stored.current.join('')]
    const header = stored.mode + stored.expiresAt
    pieces.forEach((piece, i) => {
      const size = i < pieces.length - 1 ? PIECE_ITEMS : stored.items - i * PIECE_ITEMS
      if (this.items > 0 && this.items + size > ITEM_BUDGET) this.cut()

      this.keys.push(stored.key)
      this.args.push(header, piece)
      this.items += size
      this.keyIds.push(keyId)
      if (i === pieces.length - 1) this.completes.push([keyId, stored.cells])
    })
  }

  finish(): WriteCommand[] {
    if (this.keys.length > 0) this.cut()
    return this.done
  }

  private cut(): void {
    this.done.push({
      args: [this.keys.length, ...this.keys, ...this.args],
      keyIds: this.keyIds,
      completes: this.completes,
    })
    this.keys = []
    this.args = ['0']
    this.items = 0
    this.keyIds = []
    this.completes = []
  }
}

function later(a: Expiry, b: number | null): Expiry {
  if (a === null || b === null) return null
  return a === undefined ? b : Math.max(a, b)
}

function latestOf(intervals: Iterable<IntervalState>): number | null {
  let latest: Expiry
  for (const interval of intervals) latest = later(latest, interval.expiresAt ?? null)
  return latest ?? null
}

function expiryText(expiry: Expiry): string {
  return expiry === null || expiry === undefined ? '' : String(expiry)
}
