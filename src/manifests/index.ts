// The -f source: manifests on disk or stdin as a Snapshot, and files laid over a cluster.
export { loadManifestSnapshot, type LoadOptions } from './load.js';
export { overlaySnapshot } from './overlay.js';
