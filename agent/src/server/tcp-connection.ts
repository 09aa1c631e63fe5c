import type { Socket } from "node:net";

/** Time and count bounds on DNS over TCP (the `tcp` config keys, with their defaults and why). */
export interface TcpLimits {
  /** Longest wait for the next message's first byte (RFC 7766 suggests seconds, not minutes). */
  idleMs: number;
  /** A message's 2-byte length and body must all arrive within this of its first byte. */
  messageMs: number;
  /** Absolute lifetime of a connection, however busy. */
  lifetimeMs: number;
  /** Connections one client address may hold at once; more are closed at once. */
  maxPerClient: number;
  /** Connections in all, per listening socket; past it a new one displaces the oldest owing no answer. */
  maxConnections: number;
}

type Answerer = (message: Uint8Array, remoteAddress: string) => Uint8Array | null | Promise<Uint8Array | null>;

/**
 * Serves one TCP connection: length-prefixed queries in, answers out in any order. The idle timer
 * runs only between messages and the message deadline from a message's first byte, so a client
 * trickling one byte at a time cannot hold the connection; the lifetime bounds it outright. A
 * client that half-closes (FIN after its queries) still gets every answer, then our FIN.
 */
export function serveTcpConnection(
  connection: Socket,
  limits: TcpLimits,
  answer: Answerer,
  failed: (error: unknown) => void,
): { owesAnswers: () => boolean } {
  const remoteAddress = connection.remoteAddress ?? "";
  let buffered: Buffer = Buffer.alloc(0);
  let pending = 0;
  let clientEnded = false;
  let timer: NodeJS.Timeout | undefined;
  const lifetime = setTimeout(() => connection.destroy(), limits.lifetimeMs);
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(onTimer, ms);
  };
  // Idle or message deadline passed: close, unless answers are still owed and no message is half in.
  const onTimer = () => {
    if (pending > 0 && buffered.length === 0) return;
    connection.destroy();
  };
  const finishIfDone = () => {
    if (clientEnded && pending === 0 && !connection.destroyed) connection.end();
    else if (pending === 0 && buffered.length === 0) arm(limits.idleMs);
  };
  const reply = (response: Uint8Array | null) => {
    pending--;
    if (response && !connection.destroyed) {
      const framed = Buffer.alloc(2 + response.length);
      framed.writeUInt16BE(response.length, 0);
      framed.set(response, 2);
      connection.write(framed);
    }
    finishIfDone();
  };
  const replyFailed = (error: unknown) => {
    failed(error);
    reply(null);
  };
  arm(limits.idleMs);
  connection.on("close", () => {
    clearTimeout(timer);
    clearTimeout(lifetime);
  });
  connection.on("error", () => connection.destroy());
  connection.on("end", () => {
    clientEnded = true;
    finishIfDone();
  });
  connection.on("data", (chunk: Buffer) => {
    // A message's deadline runs from its first byte: re-armed only when a new message starts.
    let messageStarted = buffered.length === 0;
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= 2) {
      const length = buffered.readUInt16BE(0);
      if (buffered.length < 2 + length) break;
      const message = buffered.subarray(2, 2 + length);
      buffered = buffered.subarray(2 + length);
      messageStarted = true;
      pending++;
      try {
        const response = answer(new Uint8Array(message), remoteAddress);
        if (response instanceof Promise) response.then(reply, replyFailed);
        else reply(response);
      } catch (error) {
        replyFailed(error);
      }
    }
    if (buffered.length > 0) {
      if (messageStarted) arm(limits.messageMs);
    } else if (pending === 0) arm(limits.idleMs);
  });
  return { owesAnswers: () => pending > 0 };
}
