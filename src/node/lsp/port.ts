// JSON-RPC over a worker port (the VS Code extension and its language server thread), with large
// document texts sent in parts of 1M characters and a pause between parts: one postMessage of a
// 10 MB text copies it in one go and would block the extension host far beyond 50 ms.
// vscode-jsonrpc's PortMessageReader/Writer post every message whole, hence these two.
import type { MessagePort, Worker } from 'node:worker_threads';
import { AbstractMessageReader, AbstractMessageWriter, Emitter, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-jsonrpc/node';

/** Texts longer than this go in parts (copying 1M characters takes a few milliseconds). */
export const PART = 1 << 20;

type Port = MessagePort | Worker;
/** Stands in a message for a text sent before it in parts. */
interface Parts { certwrightParts: number }
interface Params { textDocument?: { text?: unknown }; contentChanges?: Array<{ text?: unknown }> }

/** A copy of `msg` with every large text (didOpen's document, didChange's changes) replaced by `swap(text)`. */
function withTexts(msg: Message, swap: (text: unknown) => unknown, large: (text: unknown) => boolean): Message | undefined {
  const params = (msg as { params?: Params }).params;
  if (!params || typeof params !== 'object') return undefined;
  const doc = params.textDocument;
  const openBig = !!doc && large(doc.text);
  const changes = Array.isArray(params.contentChanges) ? params.contentChanges : undefined;
  const changeBig = !!changes?.some((c) => large(c?.text));
  if (!openBig && !changeBig) return undefined;
  const next: Params = { ...params };
  if (openBig) next.textDocument = { ...doc, text: swap(doc!.text) };
  if (changeBig) next.contentChanges = changes!.map((c) => (large(c?.text) ? { ...c, text: swap(c.text) } : c));
  return { ...msg, params: next } as Message;
}

const isParts = (t: unknown): t is Parts => !!t && typeof t === 'object' && typeof (t as Parts).certwrightParts === 'number';

export class ChunkedPortWriter extends AbstractMessageWriter implements MessageWriter {
  private queue: Promise<void> = Promise.resolve();
  private nextId = 1;
  private errors = 0;

  constructor(private readonly port: Port, private readonly pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve))) {
    super();
    port.on('close', () => this.fireClose());
    port.on('error', (e: Error) => this.fireError(e));
  }

  /** Messages go out in order; one with a large text waits for its parts. */
  write(msg: Message): Promise<void> {
    const run = this.queue.then(() => this.send(msg));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(msg: Message): Promise<void> {
    try {
      const texts: string[] = [];
      const out = withTexts(msg, (t) => { texts.push(t as string); return { certwrightParts: this.nextId + texts.length - 1 } satisfies Parts; }, (t) => typeof t === 'string' && t.length > PART);
      for (const text of texts) {
        const id = this.nextId++;
        for (let at = 0; at < text.length; at += PART) {
          this.port.postMessage({ certwrightPart: id, text: text.slice(at, at + PART) });
          await this.pause();
        }
      }
      this.port.postMessage(out ?? msg);
    } catch (e) {
      this.fireError(e as Error, msg, ++this.errors);
      throw e;
    }
  }

  end(): void { /* the port is closed by its owner */ }
}

export class ChunkedPortReader extends AbstractMessageReader implements MessageReader {
  private readonly parts = new Map<number, string[]>();
  private readonly data = new Emitter<Message>();

  constructor(port: Port) {
    super();
    port.on('close', () => this.fireClose());
    port.on('error', (e: Error) => this.fireError(e));
    port.on('message', (m: unknown) => this.receive(m));
  }

  private receive(m: unknown): void {
    const part = m as { certwrightPart?: unknown; text?: unknown };
    if (part && typeof part.certwrightPart === 'number' && typeof part.text === 'string') {
      (this.parts.get(part.certwrightPart) ?? this.parts.set(part.certwrightPart, []).get(part.certwrightPart)!).push(part.text);
      return;
    }
    const joined = withTexts(m as Message, (t) => {
      const id = (t as Parts).certwrightParts;
      const text = (this.parts.get(id) ?? []).join('');
      this.parts.delete(id);
      return text;
    }, isParts);
    this.data.fire(joined ?? (m as Message));
  }

  listen(callback: DataCallback): Disposable {
    return this.data.event(callback);
  }
}
