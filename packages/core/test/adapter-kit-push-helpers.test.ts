// hintFanOut, the JSON field readers and startUntilAborted (@secretkit/core/adapter): which hints
// reach which listener and in what order, a listener gone once its signal aborts, untrusted JSON
// read without a throw, and a receive loop's failure told apart from its close.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type HintFanOut,
  hintFanOut,
  nonBlankText,
  objectOf,
  parseJsonOrUndefined,
  type ReceiveLoop,
  startUntilAborted,
} from '../src/adapter/index.js';
import type { ChangeHint } from '../src/index.js';
import { useFakeTimersPerTest } from './fake-timers.js';

useFakeTimersPerTest();
afterEach(() => {
  expect(vi.getTimerCount()).toBe(0);
});

const ROTATED: ChangeHint = { name: 'db-password', version: '2' };
const DELETED: ChangeHint = { name: 'api-key' };

describe('hintFanOut', () => {
  /** Starts a listener that logs `who:name` for each hint; returns the controller of its signal. */
  function listen(fanOut: HintFanOut, who: string, log: string[]) {
    const controller = new AbortController();
    void fanOut.start((hint) => log.push(`${who}:${hint.name}`), { signal: controller.signal });
    return controller;
  }

  it('listens to no one at first, so a delivery reaches no one', () => {
    const fanOut = hintFanOut();
    expect(fanOut.listening).toBe(false);
    expect(() => fanOut.deliver([ROTATED])).not.toThrow();
  });

  it('hands every hint of a delivery, in order, to each listener in the order they started', () => {
    const fanOut = hintFanOut();
    const log: string[] = [];
    listen(fanOut, 'first', log);
    listen(fanOut, 'second', log);
    fanOut.deliver([ROTATED, DELETED]);
    expect(log).toEqual(['first:db-password', 'first:api-key', 'second:db-password', 'second:api-key']);
  });

  it('delivers nothing more to a listener once its signal aborts, and stops listening when none is left', () => {
    const fanOut = hintFanOut();
    const log: string[] = [];
    const first = listen(fanOut, 'first', log);
    const second = listen(fanOut, 'second', log);
    first.abort();
    fanOut.deliver([ROTATED]);
    const listeningWithOne = fanOut.listening;
    second.abort();
    fanOut.deliver([DELETED]);
    expect(log).toEqual(['second:db-password']);
    expect([listeningWithOne, fanOut.listening]).toEqual([true, false]);
  });

  it('adds nothing for a signal that has already aborted', () => {
    const fanOut = hintFanOut();
    const log: string[] = [];
    const controller = new AbortController();
    controller.abort();
    void fanOut.start((hint) => log.push(`late:${hint.name}`), { signal: controller.signal });
    fanOut.deliver([ROTATED]);
    expect(fanOut.listening).toBe(false);
    expect(log).toEqual([]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no abort listener on a signal once it aborted', () => {
    const fanOut = hintFanOut();
    const controller = listen(fanOut, 'client', []);
    const whileListening = getEventListeners(controller.signal, 'abort').length;
    controller.abort();
    expect([whileListening, getEventListeners(controller.signal, 'abort').length]).toEqual([1, 0]);
  });

  it('replays nothing to a listener started after a delivery', () => {
    const fanOut = hintFanOut();
    const log: string[] = [];
    fanOut.deliver([ROTATED]);
    listen(fanOut, 'late', log);
    fanOut.deliver([]);
    fanOut.deliver([DELETED]);
    expect(log).toEqual(['late:api-key']);
  });

  it('surfaces a listener’s throw to the deliverer (a push endpoint then fails the request)', () => {
    const fanOut = hintFanOut();
    const log: string[] = [];
    const failure = new Error('listener bug');
    listen(fanOut, 'before', log);
    void fanOut.start(
      () => {
        throw failure;
      },
      { signal: new AbortController().signal },
    );
    expect(() => fanOut.deliver([ROTATED, DELETED])).toThrow(failure);
    expect(log).toEqual(['before:db-password', 'before:api-key']);
  });

  // Regression: deliver once looped over a snapshot of listeners and every hint without looking
  // at their signals again, so a listener whose signal aborted mid-delivery got the rest of it.
  it('delivers nothing to a listener after its signal aborts in the middle of a delivery', () => {
    const fanOut = hintFanOut();
    const heard: ChangeHint[] = [];
    const controller = new AbortController();
    void fanOut.start(
      (hint) => {
        heard.push(hint);
        controller.abort();
      },
      { signal: controller.signal },
    );
    fanOut.deliver([ROTATED, DELETED]);
    expect(heard).toEqual([ROTATED]);
  });

  // Regression: listeners were kept in a Set, so one function started twice was one entry, and
  // the first signal to abort removed it while the other start still listened.
  it('keeps a listener started twice until the signal of each start has aborted', () => {
    const fanOut = hintFanOut();
    const heard: ChangeHint[] = [];
    const listener = (hint: ChangeHint) => heard.push(hint);
    const first = new AbortController();
    void fanOut.start(listener, { signal: first.signal });
    void fanOut.start(listener, { signal: new AbortController().signal });
    first.abort();
    fanOut.deliver([ROTATED]);
    expect(heard).toEqual([ROTATED]);
  });
});

describe('objectOf and nonBlankText', () => {
  const plain = { detail: { id: 1 } };
  const bare = Object.create(null) as object;
  // An untrusted value, then what objectOf gives for it, then what nonBlankText gives for it.
  it.each<[string, unknown, object | undefined, string | undefined]>([
    ['a plain object', plain, plain, undefined],
    ['an object without a prototype', bare, bare, undefined],
    ['null', null, undefined, undefined],
    ['undefined', undefined, undefined, undefined],
    ['an empty array', [], undefined, undefined],
    ['an array of text', ['db'], undefined, undefined],
    ['a number', 42, undefined, undefined],
    ['a boolean', true, undefined, undefined],
    ['a function', () => 'db', undefined, undefined],
    ['text', 'db', undefined, 'db'],
    ['text with spaces around it', '  db  ', undefined, 'db'],
    ['text with inner spaces', '\tname with inner spaces\n', undefined, 'name with inner spaces'],
    ['the JSON text of an object', '{"id":1}', undefined, '{"id":1}'],
    ['an empty string', '', undefined, undefined],
    ['spaces', '   ', undefined, undefined],
    ['tabs and newlines', '\n\t\r\n', undefined, undefined],
    ['a no-break space', '\u00a0', undefined, undefined],
  ])('read %s', (_, value, object, text) => {
    expect(objectOf(value)).toBe(object);
    expect(nonBlankText(value)).toBe(text);
  });
});

describe('parseJsonOrUndefined', () => {
  it.each([
    ['{"a":1}', { a: 1 }],
    ['[1,"x"]', [1, 'x']],
    ['"text"', 'text'],
    ['null', null],
    [' 42 \n', 42],
  ])('parses %j', (text, value) => {
    expect(parseJsonOrUndefined(text)).toEqual(value);
  });

  it.each(['', 'undefined', '{"a":', "{'a':1}", '{"a":1} trailing', 'NaN', '{"a":1,}'])(
    'gives undefined for %j, without a throw',
    (text) => {
      expect(parseJsonOrUndefined(text)).toBeUndefined();
    },
  );
});

describe('startUntilAborted', () => {
  const failure = new Error('receive failed');

  it('runs the loop once with the listener and context it was started with, resolving when it does', async () => {
    const heard: ChangeHint[] = [];
    const listener = (hint: ChangeHint) => heard.push(hint);
    const context = { signal: new AbortController().signal, reportError: vi.fn() };
    const loop = vi.fn<ReceiveLoop>(async (hear) => hear(ROTATED));
    await expect(startUntilAborted(loop)(listener, context)).resolves.toBeUndefined();
    expect(loop).toHaveBeenCalledTimes(1);
    expect(loop.mock.calls[0]![0]).toBe(listener);
    expect(loop.mock.calls[0]![1]).toBe(context);
    expect(heard).toEqual([ROTATED]);
  });

  it.each([
    [
      'rejects',
      async () => {
        throw failure;
      },
    ],
    [
      'throws at once',
      () => {
        throw failure;
      },
    ],
  ])(
    'rejects with the loop’s own failure when the loop %s before any abort',
    async (_, loop: ReceiveLoop) => {
      const started = startUntilAborted(loop)(() => {}, { signal: new AbortController().signal });
      await expect(started).rejects.toBe(failure);
    },
  );

  it('takes a failure after the abort for the close: a polling loop stops and the start resolves', async () => {
    const heard: ChangeHint[] = [];
    // A receive loop as the SDK sources run one: poll every second until an abort rejects the wait.
    const loop: ReceiveLoop = async (hear, { signal }) => {
      for (;;) {
        await new Promise<void>((resolve, reject) => {
          const stop = () => {
            clearTimeout(timer);
            reject(new Error('receive aborted'));
          };
          const timer = setTimeout(() => {
            signal.removeEventListener('abort', stop);
            resolve();
          }, 1_000);
          signal.addEventListener('abort', stop, { once: true });
        });
        hear(ROTATED);
      }
    };
    const controller = new AbortController();
    const started = startUntilAborted(loop)((hint) => heard.push(hint), { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(2_500);
    controller.abort();
    await expect(started).resolves.toBeUndefined();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(heard).toEqual([ROTATED, ROTATED]);
  });
});
