// Which Gateway API release the cluster has installed: every CRD of a release carries the bundle
// version and channel in its annotations (config/crd/{standard,experimental} of
// kubernetes-sigs/gateway-api). The Gateway CRD stands for the bundle.
import { ApiError } from '../model/errors.js';
import { GATEWAY_GROUP } from '../model/objects.js';
import type { Connection } from './connection.js';

export const BUNDLE_VERSION_ANNOTATION = 'gateway.networking.k8s.io/bundle-version';
export const CHANNEL_ANNOTATION = 'gateway.networking.k8s.io/channel';

export type GatewayApiRelease =
  | { state: 'installed'; bundleVersion: string | null; channel: string | null }
  | { state: 'not-installed' }
  | { state: 'unknown'; message: string };

export async function readGatewayApiRelease(conn: Connection): Promise<GatewayApiRelease> {
  try {
    const crd = await conn.getJson<{ metadata?: { annotations?: Record<string, string> } }>(
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gateways.${GATEWAY_GROUP}`,
    );
    const annotations = crd.metadata?.annotations ?? {};
    return { state: 'installed', bundleVersion: annotations[BUNDLE_VERSION_ANNOTATION] ?? null, channel: annotations[CHANNEL_ANNOTATION] ?? null };
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401) throw e;
    if (e.status === 404) return { state: 'not-installed' };
    return { state: 'unknown', message: e.status === 403 ? 'cannot read customresourcedefinitions (forbidden)' : e.message };
  }
}
