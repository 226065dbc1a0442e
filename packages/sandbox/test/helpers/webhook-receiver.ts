import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the receiver answers a request with: a status, or `hang` (never answer until closed). */
export type Answer = number | 'hang';

/** A real loopback HTTP server recording every POST, answering as `answer` says, counting requests in flight. */
export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** The most requests that were open at the same time. */
  maxInFlight: number;
  answer: (received: Received, index: number) => Answer | Promise<Answer>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(
  answer: WebhookReceiver['answer'] = () => 200,
): Promise<WebhookReceiver> {
  const hanging = new Set<ServerResponse>();
  let inFlight = 0;
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    maxInFlight: 0,
    answer,
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  const server = createServer(async (req, res) => {
    inFlight++;
    receiver.maxInFlight = Math.max(receiver.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    receiver.received.push(received);
    const status = await receiver.answer(received, receiver.received.length - 1);
    if (status === 'hang') {
      hanging.add(res);
      return;
    }
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
