// @secretkit/core/adapter: the one cause-cleaning path — credential shapes, known secrets in every
// encoding, bodies, quoted parts and parse-error text never survive (DESIGN §3, §5).
import { describe, expect, it } from 'vitest';
import { safeMessage, scrubCredentials, secretForms } from '../src/adapter/index.js';

const TOKEN = 'CANARYtoken0123456789abcdef';

describe('scrubCredentials', () => {
  const shapes: Array<[string, string]> = [
    ['Bearer scheme', `Authorization: Bearer ${TOKEN}`],
    ['bare header value', `x-amz-security-token: ${TOKEN}`],
    ['query form', `X-Amz-Security-Token=${TOKEN}&x=1`],
    ['JSON field', `{"access_token": "${TOKEN}"}`],
    ['vault token header', `X-Vault-Token=${TOKEN}`],
    ['client secret', `client_secret=${TOKEN}`],
  ];
  it.each(shapes)('redacts a token in %s', (_label, text) => {
    expect(scrubCredentials(text)).not.toContain(TOKEN);
  });

  it('redacts JWT-shaped strings, AWS key ids, Vault, Doppler and Google tokens', () => {
    const text = [
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJl',
      'AKIAABCDEFGHIJKLMNOP',
      'hvs.CAESIJ0123456789abcdefghij',
      'dp.st.prd.abcdefghijklmnop',
      'ya29.a0AfH6SMBxyz',
    ].join(' ');
    expect(scrubCredentials(text)).toBe(Array(5).fill('[redacted]').join(' '));
  });

  it('redacts a known secret raw and in its base64, base64url, URL and JSON forms', () => {
    const secret = 'p@ss "word"/+?';
    for (const form of secretForms(secret)) {
      expect(scrubCredentials(`echo ${form} echo`, [secret])).toBe('echo [redacted] echo');
    }
    expect(secretForms(secret)).toHaveLength(5);
  });

  it('leaves ordinary words alone and ignores secrets shorter than 4 characters', () => {
    expect(scrubCredentials('the secret was not found', ['abc'])).toBe('the secret was not found');
  });
});

describe('safeMessage', () => {
  it('replaces every parse failure by a fixed sentence', () => {
    for (const text of [
      'Unexpected token \'<\', "<html>VALUE</html>" is not valid JSON',
      'Unterminated string in JSON at position 20',
      'Error "Unexpected end of JSON input" occurred while parsing the response body - VALUE',
      "Expected ',' or '}' after property value in JSON at position 12",
    ]) {
      expect(safeMessage(text)).toBe('the response body could not be parsed');
    }
  });

  it('drops a JSON or HTML body and redacts quoted parts', () => {
    expect(safeMessage('Bad request {"SecretString":"VALUE"}')).toBe('Bad request');
    expect(safeMessage('proxy said <html><body>VALUE</body></html>')).toBe('proxy said');
    expect(safeMessage('value "VALUE" is invalid')).toBe('value [redacted] is invalid');
    expect(safeMessage("value 'VALUE' is invalid")).toBe('value [redacted] is invalid');
    expect(safeMessage("Secrets Manager can't find the specified secret.")).toBe(
      "Secrets Manager can't find the specified secret.",
    );
  });

  it('folds whitespace, cuts long text and answers empty for nothing', () => {
    expect(safeMessage('a\n\t b')).toBe('a b');
    expect(safeMessage('x'.repeat(500))).toHaveLength(201);
    expect(safeMessage(undefined)).toBe('');
    expect(safeMessage(42)).toBe('');
  });
});

describe('safeMessage: unquoted values', () => {
  it('redacts the value of any key=value pair, but keeps host:port', () => {
    expect(safeMessage('rejected value=VALUE&x=1')).toBe('rejected value=[redacted]&x=[redacted]');
    expect(safeMessage('connect ECONNREFUSED 127.0.0.1:8200')).toBe('connect ECONNREFUSED 127.0.0.1:8200');
  });
});
