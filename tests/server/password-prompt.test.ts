// `users add` at a terminal asks for the password without echoing it (audit a12g F4).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PromptCancelled, promptHidden } from '../../server/auth/password-prompt.js';

function terminal() {
  const input = Object.assign(new PassThrough(), { raw: [] as boolean[], setRawMode(raw: boolean) { input.raw.push(raw); return input; } });
  let shown = '';
  const output = { write: (text: string) => void (shown += text) };
  return { input, output, shown: () => shown };
}

describe('a password typed at a terminal', () => {
  it('is read key by key in raw mode, with Backspace, and never shown', async () => {
    const t = terminal();
    const answer = promptHidden('Password: ', t.input, t.output);
    t.input.write('correct horsX');
    t.input.write('\u007fe battery staple\r');
    expect(await answer).toBe('correct horse battery staple');
    expect(t.shown()).toBe('Password: \n');
    expect(t.input.raw).toEqual([true, false]);
  });

  it('is cancelled by Ctrl-C, the terminal given back', async () => {
    const t = terminal();
    const answer = promptHidden('Password: ', t.input, t.output);
    t.input.write('secr\u0003');
    await expect(answer).rejects.toBeInstanceOf(PromptCancelled);
    expect(t.input.raw).toEqual([true, false]);
    expect(t.shown()).not.toContain('secr');
  });
});
