import { createSocket } from "node:dgram";
import { isIPv6 } from "node:net";
import type { Logger } from "pino";
import type { RadiusConfig } from "../config/agent-config.ts";
import { parseListenAddress } from "../server/listen-address.ts";
import type { IdentityMap, NetworkIdentity } from "./identity-map.ts";
import { RadiusClients } from "./radius-clients.ts";
import {
  type AccountingRequest,
  type AccountingStatus,
  accountingResponse,
  type RadiusDropReason,
  readAccountingRequest,
} from "./radius-packet.ts";

/** What the listener counts, for the metrics. */
export interface RadiusCounters {
  /** A good request, answered; "no-address" when it named no address to map (a Start before DHCP). */
  accepted(status: AccountingStatus | "no-address"): void;
  dropped(reason: RadiusDropReason): void;
}

export interface RadiusListener {
  port: number;
  stop(): Promise<void>;
}

/**
 * RADIUS accounting (RFC 2866) from the site's controllers and switches: Start and Interim-Update
 * map the framed addresses to the user and station MAC for a lease, Stop frees them, and a
 * controller's Accounting-On / -Off (it restarted) frees every address it had reported. A packet
 * from an unknown address, with a bad authenticator or malformed is dropped unanswered and
 * counted, changing nothing; a good one is answered (Accounting-Response), so the sender stops
 * retrying. Nothing a packet holds can throw out of here.
 */
export async function startRadiusListener(
  config: RadiusConfig,
  identities: IdentityMap,
  counters: RadiusCounters,
  log: Logger,
): Promise<RadiusListener> {
  const clients = new RadiusClients(config.clients);
  const { host, port } = parseListenAddress(config.listen);
  const socket = createSocket({ type: isIPv6(host) ? "udp6" : "udp4" });
  socket.on("error", (error) => log.error({ err: error }, "RADIUS accounting socket error"));
  socket.on("message", (datagram, from) => {
    try {
      receive(datagram, from.address, from.port);
    } catch (error) {
      counters.dropped("malformed");
      log.warn({ err: error, from: from.address }, "RADIUS accounting packet could not be handled");
    }
  });

  function receive(datagram: Buffer, address: string, fromPort: number): void {
    const secret = clients.secretFor(address);
    const read = secret === null ? null : readAccountingRequest(datagram, secret);
    if (secret === null || read === null) {
      counters.dropped("unknown-client");
    } else if (!read.ok) {
      counters.dropped(read.reason);
    } else {
      // Answered even when it names no address: the controller would otherwise send it again.
      counters.accepted(record(read.request, address) ? read.request.status : "no-address");
      socket.send(accountingResponse(read.request, secret), fromPort, address);
    }
  }

  /** Applies the request to the map; false when it names no address to apply it to. */
  function record(request: AccountingRequest, source: string): boolean {
    const addresses = [request.ipv4, request.ipv6].filter((a): a is string => a !== null);
    if (request.status === "other") return true;
    if (request.status === "restart") {
      identities.endAllFrom(source);
      return true;
    }
    if (addresses.length === 0) return false;
    for (const address of addresses) {
      if (request.status === "stop") identities.end(address, request.session);
      else identities.set(address, identityOf(request, source, config.leaseSeconds));
    }
    return true;
  }

  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  log.info({ listen: config.listen, clients: config.clients.length }, "RADIUS accounting listening");
  return {
    port: socket.address().port,
    stop: () =>
      new Promise((resolve) => {
        socket.close(() => resolve());
      }),
  };
}

/**
 * The identity a Start or Interim-Update gives, for `leaseSeconds` at most: less when the session
 * cannot last that long (Session-Timeout) or when missing three interim updates in a row means
 * the controller has lost it.
 */
export function identityOf(
  request: AccountingRequest,
  source: string,
  leaseSeconds: number,
  now = Date.now(),
): NetworkIdentity {
  const seconds = Math.min(
    leaseSeconds,
    request.sessionTimeout ?? Number.POSITIVE_INFINITY,
    request.interimInterval ? 3 * request.interimInterval : Number.POSITIVE_INFINITY,
  );
  return {
    user: request.user,
    login: request.user?.toLowerCase() ?? null,
    mac: request.mac,
    session: request.session,
    source,
    expiresAt: now + seconds * 1000,
  };
}
