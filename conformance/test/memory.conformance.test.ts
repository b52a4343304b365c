import { describeConformance } from '@kairos/conformance'
import { MemoryBackend } from '@kairos/core'

describeConformance('memory', {
  create: () => new MemoryBackend(),
  destroy: (backend) => backend.close(),
})
