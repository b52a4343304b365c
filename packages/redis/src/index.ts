export { backendFromUrl } from './backend-from-url.js'
export {
  CLIENT_DEFAULTS,
  type RedisBackendOptions,
  type RedisUrlOptions,
} from './client-options.js'
export { RedisBackend } from './redis-backend.js'
