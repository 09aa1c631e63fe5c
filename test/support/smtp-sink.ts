import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  raw: string;
  at: number;
}

/** A real SMTP server on 127.0.0.1 that keeps every message it is sent. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  /** The hub's `smtp` settings that send to this sink, from `from`. */
  settings(from: string) {
    return { host: "127.0.0.1", port: this.port, secure: false, from };
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          this.messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            // Long headers are folded over several lines; unfold before reading the subject.
            subject: /^Subject: (.*)$/m.exec(raw.replace(/\r?\n[ \t]+/g, " "))?.[1]?.trim() ?? "",
            raw,
            at: Date.now(),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", () => resolve()));
    this.port = (this.server.server.address() as { port: number }).port;
    return this;
  }

  /** Waits until `count` messages have arrived, or the timeout passes. */
  async waitFor(count: number, timeoutMs: number): Promise<ReceivedMail[]> {
    const started = Date.now();
    while (this.messages.length < count && Date.now() - started < timeoutMs)
      await new Promise((resolve) => setTimeout(resolve, 20));
    return this.messages;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
