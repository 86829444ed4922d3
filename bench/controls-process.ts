import { join } from 'node:path';
import { BenchChild } from './child-process';
import type { ControlsChildSetup, ControlsReply, ControlsRequest } from './controls-child';

/** A process of the controls suite (bench/controls-child.ts), started fresh for one role, asked one thing at a time. */
export class ControlsProcess {
  private constructor(private readonly child: BenchChild<ControlsRequest, ControlsReply>) {}

  /** Starts the process and waits until it is connected (and, for a worker, polling). */
  static async start(setup: ControlsChildSetup): Promise<ControlsProcess> {
    const process = new ControlsProcess(BenchChild.start<ControlsRequest, ControlsReply>(join(__dirname, 'controls-child.js'), [JSON.stringify(setup)]));
    try {
      await process.reply('ready');
      return process;
    } catch (err) {
      process.child.kill();
      throw err;
    }
  }

  async request<T extends ControlsReply['type']>(message: ControlsRequest, type: T): Promise<Extract<ControlsReply, { type: T }>> {
    this.child.send(message);
    return this.reply(type);
  }

  async close(): Promise<void> {
    this.child.send({ type: 'exit' });
    await this.child.stop();
  }

  /** Ends the process at once, after a failure. */
  kill(): void {
    this.child.kill();
  }

  private async reply<T extends ControlsReply['type']>(type: T): Promise<Extract<ControlsReply, { type: T }>> {
    const reply = await this.child.next();
    if (reply.type !== type) throw new Error(`controls process answered "${reply.type}", expected "${type}"`);
    return reply as Extract<ControlsReply, { type: T }>;
  }
}

/** Starts a process, runs `use` on it, and always closes it (or kills it after a failure). */
export async function withControlsProcess<T>(setup: ControlsChildSetup, use: (process: ControlsProcess) => Promise<T>): Promise<T> {
  const process = await ControlsProcess.start(setup);
  let result: T;
  try {
    result = await use(process);
  } catch (err) {
    process.kill();
    throw err;
  }
  await process.close();
  return result;
}
