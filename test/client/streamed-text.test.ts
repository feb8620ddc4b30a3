/**
 * A streamed explanation on show while it grows: pieces that come together are drawn together, redraws are
 * at least an interval apart and never overlap, the end always draws the whole text, and nothing is drawn
 * after the end or after disposal.
 */
import { strict as assert } from 'node:assert';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { StreamedText } from '../../client/src/streamed-text';

/** Lets the timers' callbacks and the promise callbacks they start run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('StreamedText', () => {
  let clock = 0;
  beforeEach(() => {
    clock = 0;
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => mock.timers.reset());

  const tick = async (ms: number): Promise<void> => {
    clock += ms;
    mock.timers.tick(ms);
    await settle();
  };

  it('draws the first piece at once and later pieces at most once per interval, joined', async () => {
    const drawn: Array<[string, boolean]> = [];
    const text = new StreamedText((t, done) => void drawn.push([t, done]), 100, () => clock);
    text.push('A ');
    await tick(0);
    assert.deepEqual(drawn, [['A ', false]]);
    text.push('hard-coded ');
    text.push('key ');
    await tick(50);
    assert.equal(drawn.length, 1, 'not before the interval');
    await tick(50);
    assert.deepEqual(drawn.at(-1), ['A hard-coded key ', false]);
    text.push('leaks.');
    await text.finish();
    assert.deepEqual(drawn.at(-1), ['A hard-coded key leaks.', true]);
    text.push('late');
    await tick(500);
    assert.equal(drawn.at(-1)![0], 'A hard-coded key leaks.', 'nothing after the end');
  });

  it('never starts a redraw while one is running, and draws what came meanwhile after it', async () => {
    const drawn: string[] = [];
    let release!: () => void;
    const text = new StreamedText(
      (t, done) => {
        drawn.push(t);
        return done ? undefined : new Promise<void>((resolve) => (release = resolve));
      },
      10,
      () => clock,
    );
    text.push('one ');
    await tick(0);
    text.push('two ');
    await tick(100);
    assert.deepEqual(drawn, ['one '], 'the first redraw is still running');
    release();
    await settle();
    await tick(10);
    assert.deepEqual(drawn, ['one ', 'one two ']);
    const finishing = text.finish('the whole answer');
    release();
    await finishing;
    assert.deepEqual(drawn, ['one ', 'one two ', 'the whole answer'], 'the end waits for the running redraw, then draws the whole text');
  });

  it('draws nothing more once disposed', async () => {
    const drawn: string[] = [];
    const text = new StreamedText((t) => void drawn.push(t), 100, () => clock);
    text.push('a');
    text.dispose();
    await tick(200);
    assert.deepEqual(drawn, []);
    assert.equal(text.value, 'a');
  });
});
