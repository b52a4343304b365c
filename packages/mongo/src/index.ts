export { backendFromUrl } from './backend-from-url.js'
export { memberFromKey, memberKey } from './member-key.js'
export { MongoBackend } from './mongo-backend.js'
export {
  CLIENT_DEFAULTS,
  type MongoBackendOptions,
  type MongoUrlOptions,
} from './mongo-backend-options.js'
