// Fetching a heap profile from a running program's net/http/pprof endpoint (the "Fetch Heap Profile"
// command). The fetch happens in the editor, not the language server: the editor knows whether the
// workspace is trusted and can ask the user before reaching another host. Only loopback addresses
// are reached unless the caller allows others; the name is resolved once and the connection goes to
// that address (so `localhost` cannot be pointed elsewhere in between); redirects are not followed;
// a timeout, a size cap and cancellation end it. No VS Code API here, so the tests run it directly.
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';

export const defaultProfileUrl = 'http://localhost:6060/debug/pprof/heap';

/** A URL the command may fetch, or why not. */
export function checkProfileUrl(text: string): { url: URL; loopback: boolean } | { error: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { error: `"${text}" is not a URL (e.g. ${defaultProfileUrl})` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `only http and https URLs can be fetched, not ${url.protocol}` };
  if (url.username || url.password) return { error: 'URLs with a user name or password are not fetched' };
  return { url, loopback: isLoopbackName(url.hostname) };
}

/** Whether a host name or address means this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackName(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || isLoopbackAddress(h);
}

function isLoopbackAddress(a: string): boolean {
  if (net.isIPv4(a)) return a.startsWith('127.');
  if (net.isIPv6(a)) return a === '::1' || /^::ffff:127\./.test(a) || /^0*:0*:0*:0*:0*:0*:0*:0*1$/.test(a);
  return false;
}

export interface FetchOptions {
  /** Reach hosts other than loopback (the user confirmed). */
  allowRemote: boolean;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /** Bytes received so far and the announced total, when known. */
  onProgress?(received: number, total: number | undefined): void;
}

/** Fetches the profile's bytes; rejects with an Error whose message a person can act on. */
export async function fetchProfile(url: URL, o: FetchOptions): Promise<Uint8Array> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const address = net.isIP(host) ? host : (await dns.promises.lookup(host).catch(() => { throw new Error(`cannot resolve ${host}`); })).address;
  if (!o.allowRemote && !isLoopbackAddress(address)) throw new Error(`${host} is ${address}, not this machine: only loopback addresses are fetched without asking`);
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let received = 0;
    const fail = (message: string): void => { clearTimeout(timer); req.destroy(); reject(new Error(message)); };
    // Connect to the address checked above; the Host header (and TLS name) stay the URL's.
    const family = net.isIP(address);
    const lookup = ((_h: string, opts: dns.LookupOptions, cb: (e: null, a: string | dns.LookupAddress[], f?: number) => void) => {
      if (opts.all) cb(null, [{ address, family }]);
      else cb(null, address, family);
    }) as unknown as net.LookupFunction;
    const req = get(url, { lookup, signal: o.signal, headers: { accept: 'application/octet-stream' } }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) return fail(`${url.href} redirects to ${res.headers.location ?? 'another place'}; fetch that URL instead`);
      if (status !== 200) return fail(`${url.href} answered ${status} ${res.statusMessage ?? ''}`.trim() + (status === 404 ? ': is net/http/pprof imported and served there?' : ''));
      const announced = Number(res.headers['content-length']);
      const total = Number.isFinite(announced) && announced > 0 ? announced : undefined;
      if (total !== undefined && total > o.maxBytes) return fail(`the profile would be ${(total / 1024 ** 2).toFixed(0)} MiB, more than ${(o.maxBytes / 1024 ** 2).toFixed(0)} MiB`);
      res.on('data', (c: Buffer) => {
        received += c.length;
        if (received > o.maxBytes) return fail(`the profile is larger than ${(o.maxBytes / 1024 ** 2).toFixed(0)} MiB`);
        chunks.push(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
        o.onProgress?.(received, total);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const all = new Uint8Array(received);
        let at = 0;
        for (const c of chunks) { all.set(c, at); at += c.length; }
        resolve(all);
      });
      res.on('error', (e) => fail(e.message));
    });
    const timer = setTimeout(() => fail(`no complete answer from ${url.host} within ${Math.round(o.timeoutMs / 1000)} s`), o.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (e.name === 'AbortError') reject(new Error('cancelled'));
      else if (e.code === 'ECONNREFUSED') reject(new Error(`nothing listens at ${url.host}: is the program running, with net/http/pprof served on that port?`));
      else reject(new Error(e.message));
    });
  });
}
