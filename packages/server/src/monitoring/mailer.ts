import nodemailer from "nodemailer";

export interface Mailer {
  send(message: { to: string[]; subject: string; text: string }): Promise<void>;
  close(): void;
}

/** E-mail through the SMTP server at `url` (`smtp://user:pass@host:port`, `smtps://...`), with nodemailer. */
export function createMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
