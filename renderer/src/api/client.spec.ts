import { describe, expect, it, vi } from 'vitest';
import { ContractError } from '../../../shared/contract/contract.js';
import { encodeMessage } from '../../../shared/contract/codec.js';
import { clientFromTransport } from './client.js';
import { electronTransport } from './electron-transport.js';
import { eventsUrl, FRAME_CONTENT_TYPE, httpTransport, resolveToken, TOKEN_HEADER } from './http-transport.js';

const geometry = {
  layerId: 3,
  featureCount: 1,
  fids: new Float64Array([7]),
  positions: new Float64Array([119, 31, 119.1, 31, 119.1, 31.1, 119, 31]),
  partStarts: new Uint32Array([0, 4]),
  partFeature: new Uint32Array([0]),
  ringStarts: new Uint32Array([0, 4]),
  triangles: new Uint32Array([0, 1, 2]),
  styleKeys: ['0101'],
  featureStyle: new Uint16Array([0]),
  labelPositions: new Float64Array([119.05, 31.03]),
  labels: ['1'],
};

function frameResponse(body: unknown, status = 200) {
  return new Response(encodeMessage(body) as unknown as BodyInit, { status, headers: { 'content-type': FRAME_CONTENT_TYPE } });
}

describe('browser-mode transport', () => {
  it('posts JSON with the token and decodes binary frames into typed arrays', async () => {
    const fetch = vi.fn(async () => frameResponse({ ok: true, result: geometry }));
    const client = clientFromTransport(httpTransport({ baseUrl: 'http://127.0.0.1:4321', token: 'secret', fetch }));
    const result = await client.api['layers.geometry']({ layerId: 3 });
    expect(result.positions).toBeInstanceOf(Float64Array);
    expect(Array.from(result.triangles)).toEqual([0, 1, 2]);
    expect(result.styleKeys).toEqual(['0101']);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:4321/api/rpc/layers.geometry');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('secret');
    expect(JSON.parse(init.body as string)).toEqual({ layerId: 3 });
  });

  it('throws the host error with code, message and subject', async () => {
    const fetch = async () => frameResponse({ ok: false, error: { code: 'LOCKED', message: 'in use', subject: '/tmp/a.sqlite' } });
    const client = clientFromTransport(httpTransport({ baseUrl: 'http://h', token: 't', fetch }));
    const error = await client.api['workspace.open']({ path: '/tmp/a.sqlite' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'LOCKED', message: 'in use', subject: '/tmp/a.sqlite' });
  });

  it('rejects results that break the contract', async () => {
    const fetch = async () => frameResponse({ ok: true, result: { ...geometry, positions: [1, 2] } });
    const client = clientFromTransport(httpTransport({ baseUrl: 'http://h', token: 't', fetch }));
    await expect(client.api['layers.geometry']({ layerId: 3 })).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('turns non-frame HTTP failures into coded errors', async () => {
    const fetch = async () => new Response('bad token', { status: 401, headers: { 'content-type': 'text/plain' } });
    const client = clientFromTransport(httpTransport({ baseUrl: 'http://h', token: 't', fetch }));
    await expect(client.api['app.info']({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('reports network failures with a code', async () => {
    const fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const client = clientFromTransport(httpTransport({ baseUrl: 'http://h', token: 't', fetch }));
    await expect(client.api['app.info']({})).rejects.toMatchObject({ code: 'NETWORK', message: 'Failed to fetch' });
  });

  it('keeps the token across reloads and builds the event URL', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(resolveToken({ search: '?token=abc' }, storage)).toBe('abc');
    expect(resolveToken({ search: '' }, storage)).toBe('abc');
    expect(eventsUrl('http://127.0.0.1:4321', 'a b')).toBe('ws://127.0.0.1:4321/api/events?token=a+b');
    expect(eventsUrl('https://x.example/', 't')).toBe('wss://x.example/api/events?token=t');
  });
});

describe('events', () => {
  it('validates payloads and delivers them to listeners of that event only', () => {
    let emit: (event: string, payload: unknown) => void = () => {};
    const client = clientFromTransport({
      call: async () => null,
      subscribe: (listener) => {
        emit = listener;
        return () => {};
      },
    });
    const progress = vi.fn();
    const changed = vi.fn();
    client.on('job.progress', progress);
    client.on('workspace.changed', changed);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    emit('job.progress', { jobId: 'j1', fraction: 0.5, message: '导入' });
    emit('job.progress', { jobId: 'j1', fraction: 7, message: 'bad' });
    expect(progress).toHaveBeenCalledTimes(1);
    expect(progress).toHaveBeenCalledWith({ jobId: 'j1', fraction: 0.5, message: '导入' });
    expect(changed).not.toHaveBeenCalled();
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
  });
});

describe('Electron transport', () => {
  it('unwraps the invoke envelope and subscribes per event name', async () => {
    const offs: string[] = [];
    const bridge = {
      invoke: vi.fn(async () => ({ ok: true, result: { closed: true } })),
      on: vi.fn((name: string) => () => void offs.push(name)),
    };
    const client = clientFromTransport(electronTransport(bridge, ['job.progress', 'workspace.changed']));
    await expect(client.api['workspace.close']({})).resolves.toEqual({ closed: true });
    expect(bridge.invoke).toHaveBeenCalledWith('workspace.close', {});
    client.on('job.progress', () => {});
    expect(bridge.on).toHaveBeenCalledTimes(2);

    bridge.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'NOT_A_WORKSPACE', message: 'not ours' } } as never);
    await expect(client.api['workspace.open']({ path: '/x' })).rejects.toMatchObject({ code: 'NOT_A_WORKSPACE' });
  });
});
