// The fuzzer's inputs: canaries are unique per seed and kind, usable where real secrets go, and
// searched in every form; hostile answers are seeded, cover every kind each round and carry canaries.
import { describe, expect, it } from 'vitest';
import {
  createCanaries,
  defineCanary,
  findLeaks,
  HOSTILE_ANSWER_KINDS,
  type HostileAnswer,
  hostileAnswers,
  seededRandom,
  toResponse,
} from '../src/leak-fuzz/index.js';

const take = (count: number, answers: Iterator<HostileAnswer>) =>
  Array.from({ length: count }, () => answers.next().value as HostileAnswer);

describe('createCanaries', () => {
  it('is the same for a seed, different across seeds and kinds', () => {
    const first = createCanaries(7);
    expect(createCanaries(7)).toEqual(first);
    const other = createCanaries(8);
    const texts = [...first.list, ...other.list].map((canary) => canary.text);
    expect(new Set(texts).size).toBe(10);
    expect(first.list.map((canary) => canary.kind)).toEqual(['value', 'token', 'key', 'password', 'jwt']);
    expect(first.bearer).toBe(`Bearer ${first.token}`);
  });

  it('makes a value every encoding changes, and credentials a header can carry', () => {
    const { value, token, key, password, jwt, list } = createCanaries(7);
    expect(value).toMatch(/^V[^tfn\d"[{-]/);
    for (const char of ['"', '\\', '/', ' ', '&', '+', 'é', '\n']) expect(value).toContain(char);
    expect(() => new Headers({ a: token, b: key, c: password, d: `Bearer ${jwt}` })).not.toThrow();
    expect(jwt.split('.')).toHaveLength(3);
    const forms = (kind: string) => [
      ...new Set(list.find((c) => c.kind === kind)!.needles.map((n) => n.form)),
    ];
    expect(forms('value')).toEqual(['raw', 'json', 'inspect', 'url', 'base64', 'hex']);
    expect(forms('token')).toEqual(['raw', 'url', 'base64', 'hex']);
  });

  it('keeps fragments of the random parts only when given a twin', () => {
    const jwt = createCanaries(7).list.find((canary) => canary.kind === 'jwt')!;
    const header = jwt.text.split('.')[0]!;
    expect([...jwt.fragments.keys()].some((window) => header.includes(window))).toBe(false);
    const mine = defineCanary('token', header);
    expect(mine.fragments.has(header.slice(0, 8))).toBe(true);
  });
});

describe('hostileAnswers', () => {
  const canaries = createCanaries(21);

  it('covers every kind once in each round, in a seeded order', () => {
    const kinds = HOSTILE_ANSWER_KINDS.length;
    const answers = take(2 * kinds, hostileAnswers(canaries, seededRandom(3)));
    expect(new Set(answers.slice(0, kinds).map((a) => a.kind)).size).toBe(kinds);
    expect(new Set(answers.slice(kinds).map((a) => a.kind)).size).toBe(kinds);
    expect(take(2 * kinds, hostileAnswers(canaries, seededRandom(3)))).toEqual(answers);
    expect(take(2 * kinds, hostileAnswers(canaries, seededRandom(4)))).not.toEqual(answers);
  });

  it('every answer carries a canary, and makes a valid Response', async () => {
    const answers = take(80, hostileAnswers(canaries, seededRandom(5)));
    for (const answer of answers) {
      expect(findLeaks(answer, canaries).length, answer.label).toBeGreaterThan(0);
      const response = toResponse(answer);
      expect(response.status).toBe(answer.status);
      expect(await response.text()).toBe(answer.body);
    }
    expect(new Set(answers.map((a) => a.dialect))).toEqual(new Set(['aws', 'azure', 'gcp', 'vault', 'any']));
  });

  it('makes malformed 200s that do not parse, and whose parse error quotes the value', () => {
    const kinds = ['bare-value', 'unquoted-value', 'truncated-json'] as const;
    for (const answer of take(30, hostileAnswers(canaries, seededRandom(6), { kinds }))) {
      expect(answer.status).toBe(200);
      expect(() => JSON.parse(answer.body), answer.label).toThrow(SyntaxError);
    }
    const [unquoted] = take(1, hostileAnswers(canaries, seededRandom(6), { kinds: ['unquoted-value'] }));
    let message = '';
    try {
      JSON.parse(unquoted!.body);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(findLeaks(message, canaries).map((f) => `${f.kind} ${f.form}`)).toEqual(['value fragment']);
  });

  it('echoes every credential in headers and body, with and without the Bearer prefix', () => {
    const [echo] = take(1, hostileAnswers(canaries, seededRandom(7), { kinds: ['echoed-credentials'] }));
    const headers = new Map(echo!.headers.map(([name, value]) => [name, value]));
    expect(headers.get('authorization')).toBe(canaries.bearer);
    expect(headers.get('x-amz-security-token')).toBe(canaries.token);
    expect(headers.get('x-vault-token')).toBe(canaries.token);
    expect(echo!.headers.filter(([name]) => name === 'set-cookie')).toHaveLength(2);
    const body = findLeaks(echo!.body, canaries).map((f) => f.kind);
    expect(body.sort()).toEqual(['key', 'password', 'token']);
    expect(echo!.body.replaceAll(canaries.bearer, '')).toContain(canaries.token.slice(0, 20));
  });

  it('keeps to the kinds and dialects asked for', () => {
    const answers = take(
      20,
      hostileAnswers(canaries, seededRandom(8), { kinds: ['error-quotes-value'], dialects: ['vault'] }),
    );
    expect(new Set(answers.map((a) => `${a.kind} ${a.dialect}`))).toEqual(
      new Set(['error-quotes-value vault']),
    );
    expect(JSON.parse(answers[0]!.body).errors[0]).toContain(canaries.value);
    expect(() => hostileAnswers(canaries, seededRandom(8), { kinds: [] }).next()).toThrow(RangeError);
  });
});
