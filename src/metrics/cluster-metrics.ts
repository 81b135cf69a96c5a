import type { Server } from 'node:http';
import { AggregatorRegistry } from 'prom-client';
import { serveMetrics } from './metrics-server.js';

/**
 * In the cluster primary: serves every worker's metrics as one. Each scrape
 * asks the workers for their numbers and sums them (gauges of the one shared
 * database take the largest; Node's own metrics stay per worker, by label).
 */
export function serveClusterMetrics(where: { host: string; port: number }, onError: (error: unknown) => void): Promise<Server> {
  const aggregator = new AggregatorRegistry();
  return serveMetrics(where, { contentType: aggregator.contentType, render: () => aggregator.clusterMetrics() }, onError);
}
