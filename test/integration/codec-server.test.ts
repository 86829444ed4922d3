import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { AesGcmPayloadCodec, InvalidCodecServerOptionsError, TasksCodecServerModule, type CodecServerRequest } from '../../src';

const UI_ORIGIN = 'http://temporal-ui.example:8233';
const codec = new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: randomBytes(32) }] });
const toJson = (payloads: Payload[]) => ({
  payloads: payloads.map((p) => ({
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array(0)).toString('base64'),
  })),
});
const fromJson = (body: { payloads: Array<{ metadata: Record<string, string>; data: string }> }): Payload[] =>
  body.payloads.map((p) => ({ metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])), data: Buffer.from(p.data, 'base64') }));

/** A Nest HTTP app serving only the codec server, on a free port. */
async function codecServerApp(module: ReturnType<typeof TasksCodecServerModule.forRoot>): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}

describe('TasksCodecServerModule: the remote codec protocol over HTTP', () => {
  let app: INestApplication;
  let url: string;
  const seen: Array<{ namespace: unknown; authorization: unknown }> = [];

  beforeAll(async () => {
    ({ app, url } = await codecServerApp(
      TasksCodecServerModule.forRoot({
        codec,
        corsOrigins: [UI_ORIGIN],
        authorize: (request: CodecServerRequest) => {
          seen.push({ namespace: request.headers['x-namespace'], authorization: request.headers.authorization });
          return request.headers.authorization === 'Bearer let-me-in';
        },
      }),
    ));
  });

  afterAll(async () => {
    await app?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', authorization: 'Bearer let-me-in', origin: UI_ORIGIN, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('encodes and decodes payloads with the codec, as { payloads: [...] } with base64 bytes', async () => {
    const originals = [defaultPayloadConverter.toPayload({ salary: 123_456 }), defaultPayloadConverter.toPayload('hello')];
    const encodedResponse = await post('/temporal-codec/encode', toJson(originals));
    expect(encodedResponse.status).toBe(200);
    const encoded = fromJson((await encodedResponse.json()) as never);
    expect(encoded.map((p) => Buffer.from(p.metadata!.encoding!).toString())).toEqual(['binary/encrypted', 'binary/encrypted']);
    // What the server answered is the codec's own encryption: the codec decrypts it locally.
    expect((await codec.decode(encoded)).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ salary: 123_456 }, 'hello']);

    const decodedResponse = await post('/temporal-codec/decode', toJson(encoded));
    expect(decodedResponse.status).toBe(200);
    expect(fromJson((await decodedResponse.json()) as never).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ salary: 123_456 }, 'hello']);
    expect(seen.at(-1)).toEqual({ namespace: 'default', authorization: 'Bearer let-me-in' });
  });

  it('answers the CORS preflight for the Web UI origin, without asking authorize, and puts CORS headers on answers', async () => {
    const calls = seen.length;
    const preflight = await fetch(`${url}/temporal-codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
    expect(seen.length).toBe(calls);

    const answer = await post('/temporal-codec/decode', { payloads: [] });
    expect(answer.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(answer.headers.get('vary')).toContain('Origin');

    // Another origin gets no CORS headers: the browser keeps its page from reading the answer.
    const stranger = await fetch(`${url}/temporal-codec/decode`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect((await post('/temporal-codec/decode', { payloads: [] }, { origin: 'http://evil.example' })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses what authorize refuses: 401 without credentials, 403 with wrong ones, both readable by the UI', async () => {
    const payloads = toJson(await codec.encode([defaultPayloadConverter.toPayload('secret')]));
    const anonymous = await fetch(`${url}/temporal-codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', origin: UI_ORIGIN }, body: JSON.stringify(payloads) });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(JSON.stringify(await anonymous.json())).not.toContain('secret');
    const wrong = await post('/temporal-codec/decode', payloads, { authorization: 'Bearer guess' });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    const viaCookie = await post('/temporal-codec/decode', payloads, { authorization: '', cookie: 'session=guess' });
    expect(viaCookie.status).toBe(403);
  });

  it('answers 400 to a body that is not { payloads }, and 422 with the code to a payload the codec cannot decrypt', async () => {
    expect((await post('/temporal-codec/decode', { items: [] })).status).toBe(400);
    expect((await post('/temporal-codec/decode', { payloads: [{ data: 'not base64!' }] })).status).toBe(400);
    const foreign = await new AesGcmPayloadCodec({ keys: [{ id: 'someone-elses', key: randomBytes(32) }] }).encode([defaultPayloadConverter.toPayload('x')]);
    const response = await post('/temporal-codec/decode', toJson(foreign));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'ENCRYPTION_KEY_NOT_FOUND', message: expect.stringContaining('someone-elses') });
  });

  it('serves another path, with options from a factory (forRootAsync)', async () => {
    @Module({ providers: [{ provide: 'CODEC', useValue: codec }], exports: ['CODEC'] })
    class ConfigModule {}
    const other = await codecServerApp(
      TasksCodecServerModule.forRootAsync({
        path: '/api/codec/',
        imports: [ConfigModule],
        inject: ['CODEC'],
        useFactory: (fromConfig: AesGcmPayloadCodec) => ({ codec: fromConfig, corsOrigins: '*', authorize: () => true }),
      }),
    );
    try {
      const [encrypted] = await codec.encode([defaultPayloadConverter.toPayload(42)]);
      const response = await fetch(`${other.url}/api/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://anywhere.example' }, body: JSON.stringify(toJson([encrypted!])) });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(defaultPayloadConverter.fromPayload(fromJson((await response.json()) as never)[0]!)).toBe(42);
    } finally {
      await other.app.close();
    }
  });

  it('refuses options that would leave it open or broken, listing every problem', () => {
    const attempt = () => TasksCodecServerModule.forRoot({ codec: {} as never, corsOrigins: ['http://ui.example/'], authorize: undefined as never });
    expect(attempt).toThrow(InvalidCodecServerOptionsError);
    expect(attempt).toThrow(/codec must be a PayloadCodec[\s\S]*corsOrigins: "http:\/\/ui.example\/" is not an origin[\s\S]*authorize must be a function/);
  });
});
