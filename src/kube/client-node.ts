// The parts of @kubernetes/client-node (and ws) the plugin uses, in one module so that the build
// can bundle them into one file (scripts/bundle-client.mjs). The package as published is
// hundreds of ES modules: importing it costs about 1 s on these machines, the bundle about 0.3 s.
// Import this module lazily (`await import('./client-node.js')`), never the package itself.
export { KubeConfig, PortForward } from '@kubernetes/client-node';
// Not re-exported by the package index; the probe builds its WebSocket itself.
export { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
export { default as WebSocket } from 'ws';
