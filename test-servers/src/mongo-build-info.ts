import type { MongoClientOptions } from 'mongodb'

/** What a MongoDB-compatible server says about itself. */
export interface MongoBuildInfo {
  /** The MongoDB version the server reports; FerretDB reports the one it emulates. */
  readonly version: string
  /** FerretDB's own version, when the server is FerretDB. */
  readonly ferretdbVersion?: string
}

/**
 * Connects, asks for `buildInfo` and disconnects. Fails within about a second when nothing
 * answers, so it suits a polling loop.
 *
 * @param url - a mongodb:// URL
 * @param direct - true to talk to this one server without replica set discovery
 * @returns the server's versions
 */
export async function readMongoBuildInfo(url: string, direct: boolean): Promise<MongoBuildInfo> {
  const { MongoClient } = await import('mongodb')
  const options: MongoClientOptions = {
    serverSelectionTimeoutMS: 1_000,
    connectTimeoutMS: 1_000,
    ...(direct ? { directConnection: true } : {}),
  }
  const client = new MongoClient(url, options)

  try {
    await client.connect()
    const info = await client.db('admin').command({ buildInfo: 1 })
    const version = typeof info.version === 'string' ? info.version : 'unknown'
    const ferretdb = info.ferretdbVersion
    return typeof ferretdb === 'string' ? { version, ferretdbVersion: ferretdb } : { version }
  } finally {
    await client.close()
  }
}
