import { countType } from './count-type.js'
import { gaugeType } from './gauge-type.js'
import { histogramType } from './histogram-type.js'
import { seriesType } from './series-type.js'
import { setType } from './set-type.js'
import type { TypeName, TypeSemantics } from './type-semantics.js'

/** The semantics of each type, by name. */
export const TYPES: Readonly<Record<TypeName, TypeSemantics>> = {
  series: seriesType as TypeSemantics,
  histogram: histogramType as TypeSemantics,
  count: countType as TypeSemantics,
  gauge: gaugeType,
  set: setType as TypeSemantics,
}

export type { PendingChange, PendingWrite, TypeName, TypeSemantics } from './type-semantics.js'
