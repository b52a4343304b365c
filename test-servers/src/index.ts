export { ServerControlError, ServerStartError, ServerUnavailableError } from './errors.js'
export { freePort } from './free-port.js'
export {
  MONGO_URL_VARIABLE,
  type MongoServer,
  type MongoServerKind,
  SKIP_MONGO_VARIABLE,
  startMongo,
} from './mongo-server.js'
export {
  type ClusterNode,
  clusterHealthy,
  REDIS_CLUSTER_NODES_VARIABLE,
  type RedisClusterServer,
  startRedisCluster,
} from './redis-cluster.js'
export {
  REDIS_URL_VARIABLE,
  type RedisServer,
  type RedisServerKind,
  SKIP_REDIS_VARIABLE,
  startRedis,
} from './redis-server.js'
export { REQUIRE_SERVERS_VARIABLE, type SkippedServer } from './skipped-server.js'
