export {
  type BackendCapabilities,
  type BucketBounds,
  type CellAddress,
  type CellChange,
  type CellData,
  type CellQuery,
  type CellRead,
  type CellWrite,
  type IntervalCutoff,
  type MergeOp,
  STORAGE_CONTRACT_VERSION,
  type StorageBackend,
} from './backend.js'
export { MAX_RANGE_BUCKETS } from './bucket-range.js'
export { CALENDAR_STEPS, type CalendarStepName } from './calendar-step.js'
export type { JsonValue, ValueKind } from './codec.js'
export { MAX_NAME_LENGTH, type TimeseriesConfig } from './config.js'
export { CHANNELS, type ReadEvent, type WriteEvent } from './diagnostics.js'
export type { Duration } from './duration.js'
export {
  BackendFailureError,
  type BackendFailureOptions,
  ErrorCode,
  InvalidArgumentError,
  InvalidConfigError,
  InvalidValueError,
  KairosError,
  type KairosErrorOptions,
  MissingPackageError,
  UnknownIntervalError,
} from './errors.js'
export { type BackendModule, backendFromUrl, fromUrl } from './from-url.js'
export type { IntervalConfig } from './interval.js'
export { MemoryBackend } from './memory-backend.js'
export type { FoldOption, ReadHooks, RowContext } from './read-hooks.js'
export type { BucketData, InsertValue, ValueOf } from './result-types.js'
export {
  type BulkInsertResult,
  type BulkPoint,
  type GetOptions,
  type InsertOptions,
  type Properties,
  type ReadOptions,
  type SeriesOptions,
  Timeseries,
  type TimeseriesOptions,
} from './timeseries.js'
export type { Transform, TransformFn, TransformName, TransformSpec } from './transforms.js'
export type { TypeName } from './types/index.js'
