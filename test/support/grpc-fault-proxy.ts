import { connect, constants, createServer, type ClientHttp2Session, type Http2Server, type IncomingHttpHeaders, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';

/** The gRPC methods a Temporal Worker long-polls for tasks. */
const TASK_POLLS = new Set([
  '/temporal.api.workflowservice.v1.WorkflowService/PollWorkflowTaskQueue',
  '/temporal.api.workflowservice.v1.WorkflowService/PollActivityTaskQueue',
  '/temporal.api.workflowservice.v1.WorkflowService/PollNexusTaskQueue',
]);

/** Headers of one HTTP/2 hop that must not be forwarded as they are. */
const HOP_HEADERS = new Set([':status', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

export interface GrpcFaultProxy {
  /** `host:port` to connect to instead of the server's address. */
  address: string;
  /** How many task polls it has refused so far. */
  readonly refusedPolls: number;
  /**
   * From now on, answers every task poll (those in flight and new ones) with `grpc-status` `code`, as a server that
   * no longer lets this client poll would; every other call still goes through.
   */
  refusePolls(code: number, message: string): void;
  close(): Promise<void>;
}

/**
 * A plain-text HTTP/2 (h2c) proxy in front of a Temporal server: it forwards every gRPC call (headers, messages,
 * trailers) as it is, until told to refuse task polls. Temporal's own client code, the Worker included, runs
 * unchanged behind it; only what the server answers changes.
 */
export async function startGrpcFaultProxy(target: string): Promise<GrpcFaultProxy> {
  let refusal: { code: number; message: string } | undefined;
  let refusedPolls = 0;
  let upstream: ClientHttp2Session | undefined;
  const polls = new Set<ServerHttp2Stream>();
  const clients = new Set<ServerHttp2Session>();

  const session = (): ClientHttp2Session => {
    if (!upstream || upstream.closed || upstream.destroyed) {
      upstream = connect(`http://${target}`);
      // A broken upstream session fails its streams, which are answered one by one below.
      upstream.on('error', () => undefined);
    }
    return upstream;
  };

  const refuse = (stream: ServerHttp2Stream): void => {
    if (!refusal || stream.destroyed || stream.closed) return;
    refusedPolls++;
    if (stream.headersSent) {
      stream.close(constants.NGHTTP2_CANCEL);
      return;
    }
    // A trailers-only response: how a gRPC server refuses a call before answering it.
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': String(refusal.code), 'grpc-message': encodeURIComponent(refusal.message) }, { endStream: true });
  };

  const forward = (stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void => {
    const outgoing = Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_HEADERS.has(name)));
    const request = session().request(outgoing);
    let trailers: IncomingHttpHeaders | undefined;
    request.on('response', (response) => {
      if (stream.destroyed || stream.closed) return;
      const answer = Object.fromEntries(Object.entries(response).filter(([name]) => name !== 'connection'));
      if (request.readableEnded || 'grpc-status' in response) {
        stream.respond(answer, { endStream: true });
        return;
      }
      stream.respond(answer, { waitForTrailers: true });
      request.pipe(stream);
    });
    request.on('trailers', (received) => (trailers = received));
    stream.on('wantTrailers', () => stream.sendTrailers(trailers ?? { 'grpc-status': '13', 'grpc-message': 'proxy: the server sent no trailers' }));
    request.on('error', () => {
      if (!stream.destroyed) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    });
    stream.on('close', () => {
      polls.delete(stream);
      if (!request.destroyed) request.close(constants.NGHTTP2_CANCEL);
    });
    stream.on('error', () => undefined);
    stream.pipe(request);
  };

  const server: Http2Server = createServer();
  server.on('session', (client) => {
    clients.add(client);
    client.on('close', () => clients.delete(client));
  });
  server.on('stream', (stream, headers) => {
    const poll = TASK_POLLS.has(String(headers[':path']));
    if (poll && refusal) {
      refuse(stream);
      return;
    }
    if (poll) polls.add(stream);
    forward(stream, headers);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    address: `127.0.0.1:${port}`,
    get refusedPolls() {
      return refusedPolls;
    },
    refusePolls(code, message) {
      refusal = { code, message };
      for (const stream of polls) refuse(stream);
      polls.clear();
    },
    async close() {
      upstream?.close();
      // The application closes its connections itself; whatever is left open would hold the server.
      for (const client of clients) client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
