import nodemailer from "nodemailer";
import { Agent, request } from "undici";
import { DEFAULT_WEBHOOK_POLICY, type WebhookPolicy, webhookUrlProblem } from "../domain/webhook-policy.ts";
import { webhookLookup } from "./webhook-lookup.ts";

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  from: string;
  user?: string;
  password?: string;
}

export interface AlertMessage {
  subject: string;
  text: string;
}

/** A webhook the policy refuses: trying again will not help. */
export class WebhookRefused extends Error {
  readonly permanent = true;
}

/** Delivers alerts: email over SMTP and JSON webhooks. Throws on failure, so the caller can retry and record it. */
export class AlertSender {
  private readonly transport: ReturnType<typeof nodemailer.createTransport> | null;
  private readonly from: string;
  private readonly webhooks: WebhookPolicy;
  /** Webhook connections: every resolved address checked against the policy before connecting. */
  private readonly webhookAgent: Agent;

  constructor(smtp: SmtpSettings | null, webhooks: WebhookPolicy = DEFAULT_WEBHOOK_POLICY) {
    this.from = smtp?.from ?? "";
    this.webhooks = webhooks;
    this.webhookAgent = new Agent({ connect: { lookup: webhookLookup(webhooks) } });
    this.transport = smtp
      ? nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? "" } } : {}),
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        })
      : null;
  }

  get canEmail(): boolean {
    return this.transport !== null;
  }

  async email(to: readonly string[], message: AlertMessage): Promise<void> {
    if (!this.transport) throw new Error("no SMTP server configured");
    await this.transport.sendMail({ from: this.from, to: [...to], subject: message.subject, text: message.text });
  }

  /** A report by email, with its HTML attached when it may travel that way. */
  async report(
    to: readonly string[],
    message: AlertMessage & { attachment?: { filename: string; content: string } },
  ): Promise<void> {
    if (!this.transport) throw new Error("no SMTP server configured");
    await this.transport.sendMail({
      from: this.from,
      to: [...to],
      subject: message.subject,
      text: message.text,
      ...(message.attachment ? { attachments: [{ ...message.attachment, contentType: "text/html" }] } : {}),
    });
  }

  /** Posts to a webhook; a URL or resolved address the policy refuses throws, as any failure does. */
  async webhook(url: string, message: AlertMessage, payload: Record<string, unknown>): Promise<void> {
    const problem = webhookUrlProblem(url, this.webhooks);
    if (problem) throw new WebhookRefused(`webhook refused: ${problem}`);
    const response = await request(url, {
      dispatcher: this.webhookAgent,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: `${message.subject}\n${message.text}`, ...payload }),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    await response.body.dump();
    if (response.statusCode >= 300) throw new Error(`webhook answered HTTP ${response.statusCode}`);
  }

  close(): void {
    this.transport?.close();
    void this.webhookAgent.close();
  }
}
