// A password typed at a terminal, without echo (audit a12g F4: `users add` read stdin as piped text, so a
// password typed at a terminal was shown as typed, and the README's only example invited `echo PASSWORD |`
// into shell history). Raw mode: each key arrives as typed and nothing is echoed; Enter ends it,
// Backspace takes back a character, Ctrl-C cancels.

/** What the prompt needs of a terminal's input (process.stdin when it is a TTY). */
export interface RawInput {
  setRawMode(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export class PromptCancelled extends Error {
  constructor() {
    super('cancelled: nothing was changed');
  }
}

/** Writes `question` to `output`, then reads a line from `input` in raw mode, echoing nothing. */
export function promptHidden(question: string, input: RawInput, output: { write(text: string): unknown }): Promise<string> {
  output.write(question);
  input.setRawMode(true);
  input.resume();
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    const finish = (error: Error | null): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    function onData(chunk: Buffer | string): void {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish(null);
        if (ch === '\u0003') return finish(new PromptCancelled());
        if (ch === '\u007f' || ch === '\b') typed = Array.from(typed).slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    }
    input.on('data', onData);
  });
}
