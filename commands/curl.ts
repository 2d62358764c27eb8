import { Args, Flags, type Interfaces } from '@oclif/core';
import { outcomeExit } from '../src/cli/exit-codes.js';
import { GwCommand } from '../src/cli/base-command.js';
import { parseDuration } from '../src/cli/duration.js';
import { clusterFlags } from '../src/cli/flags.js';
import type { LoadedSource } from '../src/cli/load.js';
import { parseMeshTarget, parseProbeTarget } from '../src/cli/probe-target.js';
import { UserError } from '../src/model/errors.js';

export default class Curl extends GwCommand {
  static summary = "Send a request through a port-forward to the gateway's own pods, and say which route should answer.";

  static description = `Predicts, with the Gateway API matching rules, which route, rule and backend should serve the request, then sends it to a ready data-plane pod of the Gateway through a port-forward (no LoadBalancer, DNS or /etc/hosts needed) and compares what answered with the prediction.

With --mesh --dry-run it predicts a request sent inside the mesh (GAMMA, GEP-1426) to a Service, named by --service or by the URL's host as the cluster DNS reads it (NAME, NAME.NAMESPACE, NAME.NAMESPACE.svc...): the consumer routes of the client's namespace (--from) or else the producer routes bound to that Service port, or the Service itself when no route binds.`;

  static examples = [
    '<%= config.bin %> curl --host store.example.com /healthz',
    '<%= config.bin %> curl https://pay.example.com/api/orders -H "x-env: canary" -v',
    '<%= config.bin %> curl --host blog.example.com /login --dry-run -f examples/',
    '<%= config.bin %> curl --all --gateway infra/shared-gw',
    '<%= config.bin %> curl --mesh --dry-run http://foo.store/api --from web',
  ];

  static args = {
    target: Args.string({ description: 'PATH (with --host) or URL (http[s]://HOST[:PORT]/PATH).', ignoreStdin: true }),
  };

  static flags = {
    ...clusterFlags,
    host: Flags.string({ description: 'The Host header (and TLS server name) to send.' }),
    gateway: Flags.string({ description: 'The Gateway to probe (NAMESPACE/NAME); found from the host when omitted.' }),
    listener: Flags.string({ description: 'Send to this listener of the Gateway.', exclusive: ['port'] }),
    port: Flags.integer({ description: 'Send to the listener on this port (with --mesh: the Service port).' }),
    service: Flags.string({ description: "The gateway's data-plane Service (NAMESPACE/NAME), when it cannot be found. With --mesh: the Service the request is sent to." }),
    // Checked by hand, not with oclif's exclusive/dependsOn, which would tangle the usage line.
    mesh: Flags.boolean({ description: 'Predict a request sent inside the mesh to a Service (GAMMA routes); needs --dry-run.' }),
    from: Flags.string({ description: "With --mesh: the client's namespace (default: the current namespace)." }),
    request: Flags.string({ char: 'X', description: 'HTTP method.', default: 'GET' }),
    header: Flags.string({ char: 'H', multiple: true, multipleNonGreedy: true, description: "A request header, 'Name: value' (repeatable)." }),
    data: Flags.string({ char: 'd', description: 'Request body (the method defaults to POST).' }),
    sni: Flags.string({ description: 'TLS server name to send (default: the host).' }),
    insecure: Flags.boolean({ char: 'k', description: "Do not verify the gateway's certificate.", exclusive: ['cacert'] }),
    cacert: Flags.string({ description: "CA certificate file (PEM) to verify the gateway's certificate." }),
    include: Flags.boolean({ char: 'i', description: 'Print the response headers.' }),
    verbose: Flags.boolean({ char: 'v', description: 'Print the request, the data-plane path and timings.' }),
    full: Flags.boolean({ description: 'Print the whole body (default: the first 64 KiB).' }),
    timeout: Flags.string({ description: 'Give up on the request after this long (e.g. 10s).', default: '10s' }),
    'dry-run': Flags.boolean({ description: 'Only predict; send nothing (works offline with -f).' }),
    all: Flags.boolean({ description: 'Probe every hostname x rule path of the routes attached to the Gateway (GET and HEAD only; no gRPC calls).' }),
    output: Flags.string({ char: 'o', options: ['json', 'yaml'], description: 'Output format.' }),
    'no-color': Flags.boolean({ description: 'Never colour the output.' }),
    debug: Flags.boolean({ hidden: true }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Curl);
    this.setupColor(flags, flags.output);
    if (flags.filename?.length && !flags['dry-run']) {
      throw new UserError('-f works only with --dry-run: a probe needs the live cluster', { exitCode: 2 });
    }
    if (flags.mesh) return this.mesh(args.target, flags);
    if (flags.from !== undefined) throw new UserError("--from names a mesh client's namespace: it works only with --mesh", { exitCode: 2 });
    const target = flags.all ? undefined : parseProbeTarget(args.target, flags);
    // Usage errors first: they must not wait on (or be hidden by) an unreachable cluster.
    const timeoutMs = parseDuration(flags.timeout, '--timeout');
    const caPem = flags.cacert ? await (await import('../src/cli/read-file.js')).readUserFile(flags.cacert, '--cacert') : undefined;
    const source = await this.load(flags);
    const { buildGraph } = await import('../src/graph/build.js');
    const graph = buildGraph(source.snapshot);
    const render = await import('../src/render/probe.js');
    const { renderData } = await import('../src/render/data.js');
    const namespace = source.namespace ?? flags.namespace ?? 'default';
    const common = { graph, snapshot: source.snapshot, gateway: flags.gateway, service: flags.service, timeoutMs, insecure: flags.insecure, caPem, maxBody: flags.full ? Infinity : undefined };

    if (flags.all) {
      const { runProbeAll } = await import('../src/probe/run.js');
      const result = await runProbeAll({ ...common, conn: this.connection(source) });
      this.out(flags.output ? renderData(render.probeListDocument(result), flags.output as 'json' | 'yaml') : render.renderProbeAll(result));
      // A probe that disagrees or gets no answer is a problem found (1); predictions made from a
      // cluster that could not be read in full leave the run incomplete (3).
      const { snapshotIncomplete } = await import('../src/model/snapshot.js');
      this.finish(outcomeExit({ failed: result.rows.some((r) => r.verdict !== 'ok'), incomplete: snapshotIncomplete(source.snapshot) }));
      return;
    }

    const request = target!.request;
    if (flags['dry-run']) {
      const { chooseGateway } = await import('../src/probe/run.js');
      const { predict } = await import('../src/probe/predict.js');
      const chosen = chooseGateway({ graph, gateway: flags.gateway, namespace }, target!.hostOnly, request.port);
      const prediction = predict(graph, source.snapshot, chosen.key, request);
      this.out(flags.output ? renderData(render.probeDocument(prediction), flags.output as 'json' | 'yaml') : render.renderPrediction(prediction, chosen.why));
      return;
    }
    const { runProbe } = await import('../src/probe/run.js');
    const onProgress = flags.verbose ? (e: { message: string }) => this.note(`* ${e.message}`) : undefined;
    const result = await runProbe({ ...common, conn: this.connection(source), request, body: flags.data, sni: flags.sni, onProgress });
    this.out(flags.output ? renderData(render.probeDocument(result.prediction, result), flags.output as 'json' | 'yaml') : render.renderProbe(result, { include: flags.include, verbose: flags.verbose }));
    if (result.comparison.verdict !== 'ok') this.exit(1);
  }

  /** --mesh: a prediction only; the plugin cannot send from inside the mesh. */
  private async mesh(target: string | undefined, flags: Interfaces.InferredFlags<typeof Curl.flags>): Promise<void> {
    const gatewayOnly = (['gateway', 'listener', 'all', 'sni', 'insecure', 'cacert'] as const).filter((f) => flags[f] !== undefined && flags[f] !== false);
    if (gatewayOnly.length > 0) {
      throw new UserError(`--mesh cannot be used with ${gatewayOnly.map((f) => `--${f}`).join(', ')}: a mesh request is sent to a Service, not through a Gateway`, { exitCode: 2 });
    }
    if (!flags['dry-run']) {
      throw new UserError('--mesh only predicts: add --dry-run (a request sent from outside the mesh would bypass its routes)', { exitCode: 2 });
    }
    // Usage errors first (the client's namespace does not change whether the target parses).
    parseMeshTarget(target, flags, flags.from ?? 'default');
    const source = await this.load(flags);
    const client = flags.from ?? source.namespace ?? flags.namespace ?? 'default';
    const { service, request } = parseMeshTarget(target, flags, client);
    const { buildGraph } = await import('../src/graph/build.js');
    const { predictMesh } = await import('../src/probe/mesh-prediction.js');
    const render = await import('../src/render/probe.js');
    const prediction = predictMesh(buildGraph(source.snapshot), source.snapshot, { service, client }, request);
    if (flags.output) {
      const { renderData } = await import('../src/render/data.js');
      this.out(renderData(render.meshPredictionDocument(prediction), flags.output as 'json' | 'yaml'));
    } else {
      this.out(render.renderMeshPrediction(prediction));
    }
    // A prediction is not a check: it exits 0, or 3 when what it needs could not all be read.
    this.finish(outcomeExit({ failed: false, incomplete: prediction.unanswered === 'unknown' || prediction.incomplete !== undefined }));
  }

  private connection(source: LoadedSource) {
    if (!source.connection) throw new UserError('a probe needs the live cluster (drop -f, or add --dry-run)', { exitCode: 2 });
    return source.connection;
  }
}
