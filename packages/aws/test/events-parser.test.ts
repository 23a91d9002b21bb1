// parseSecretsManagerEvent against the samples of the AWS documentation (and, where the docs show
// only a CloudTrail record, that record inside the EventBridge envelope it arrives in): the hints of
// DESIGN §11 for the three EventBridge kinds, the secret-id extraction order, `arn`/`aRN`, partial
// ARNs and the friendly-name alias; nothing for other events; never a value.
import { describe, expect, it } from 'vitest';
import { parseSecretsManagerEvent } from '../src/events/index.js';

/** docs.aws.amazon.com/secretsmanager/latest/userguide/event-detail-secret-label-updated-secretsmanager */
const LABEL_UPDATED = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'Secret Label Updated',
  source: 'aws.secretsmanager',
  account: '012345678901',
  time: '2024-02-06T16:43:48Z',
  region: 'us-west-2',
  resources: ['arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3'],
  detail: { name: 'mySecret', labelUpdated: 'AWSCURRENT', versionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' },
};

/** The DeleteSecret CloudTrail record of the Secrets Manager docs (with `aRN`), as EventBridge wraps it. */
const DELETE_SECRET = {
  version: '0',
  id: '5b1d5d5c-0a1e-4b0f-9f67-2f0e9c6b1c11',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.secretsmanager',
  account: '123456789012',
  time: '2018-04-03T17:51:02Z',
  region: 'us-east-2',
  resources: [],
  detail: {
    eventVersion: '1.05',
    userIdentity: { type: 'Root', principalId: '123456789012', accountId: '123456789012' },
    eventTime: '2018-04-03T17:51:02Z',
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'DeleteSecret',
    awsRegion: 'us-east-2',
    requestParameters: { recoveryWindowInDays: 30, secretId: 'MyDatabaseSecret' },
    responseElements: {
      name: 'MyDatabaseSecret',
      deletionDate: 'May 3, 2018 5:51:02 PM',
      aRN: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:MyDatabaseSecret-a1b2c3',
    },
    requestID: 'EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE',
    eventID: 'EXAMPLE3-90ab-cdef-fedc-ba987EXAMPLE',
    eventType: 'AwsApiCall',
    recipientAccountId: '123456789012',
  },
};

/** The RotationSucceeded service event of the AWS Database blog's rotation walkthrough. */
const ROTATION_SUCCEEDED = {
  version: '0',
  id: 'dd5fd657-7361-f5d2-0c0f-0fe27390611b',
  'detail-type': 'AWS Service Event via CloudTrail',
  source: 'aws.secretsmanager',
  account: 'accountid',
  time: '2021-08-13T19:17:16Z',
  region: 'us-west-2',
  resources: [],
  detail: {
    eventVersion: '1.08',
    userIdentity: { accountId: 'accountid', invokedBy: 'secretsmanager.amazonaws.com' },
    eventTime: '2021-08-13T19:17:16Z',
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'RotationSucceeded',
    awsRegion: 'us-west-2',
    sourceIPAddress: 'secretsmanager.amazonaws.com',
    userAgent: 'secretsmanager.amazonaws.com',
    requestParameters: null,
    responseElements: null,
    additionalEventData: {
      SecretId: 'arn:aws:secretsmanager:us-west-2:accountid:secret:Appuser-pyodbc-WoDpmU',
    },
    requestID: 'Rotation-arn:aws:secretsmanager:us-west-2:accountid:secret:Appuser-pyodbc-WoDpmU-7ac47c8c',
    eventID: '638c6d2d-e098-4100-a3e0-a4b7b87e5b92',
    readOnly: false,
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: 'accountid',
    eventCategory: 'Management',
  },
};

/** A PutSecretValue event as the external-secrets reloader docs show it arriving on SQS. */
const PUT_SECRET_VALUE = {
  version: '0',
  id: '79f04f06-924c-7a00-b3f8-e532167d23e0',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.secretsmanager',
  account: '123456789012',
  time: '2024-10-23T12:26:45Z',
  region: 'eu-west-1',
  resources: [],
  detail: {
    eventVersion: '1.09',
    eventTime: '2024-10-23T12:26:45Z',
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'PutSecretValue',
    awsRegion: 'eu-west-1',
    requestParameters: {
      secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/test-secret-123456',
      clientRequestToken: '4d383ea9-084a-49c9-8722-cbfb0f25c456',
    },
    responseElements: { arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/test-secret-123456' },
    eventID: '12345678-1234-1234-1234-123456789012',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
  },
};

/** A CloudTrail event of `name` whose only secret id is the caller's `requestParameters.secretId`. */
function callerOnly(eventName: string, secretId: string) {
  return {
    ...PUT_SECRET_VALUE,
    detail: {
      ...PUT_SECRET_VALUE.detail,
      eventName,
      requestParameters: { secretId },
      responseElements: null,
    },
  };
}

describe('parseSecretsManagerEvent: the documented samples', () => {
  it('Secret Label Updated for AWSCURRENT: the ARN, its friendly name, the new version', () => {
    expect(parseSecretsManagerEvent(LABEL_UPDATED)).toEqual([
      {
        name: 'arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3',
        aliases: ['mySecret'],
        version: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      },
    ]);
  });

  it('Secret Label Updated for another label: the secret, no version', () => {
    const custom = { ...LABEL_UPDATED, detail: { ...LABEL_UPDATED.detail, labelUpdated: 'blue' } };
    expect(parseSecretsManagerEvent(custom)).toEqual([
      { name: 'arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3', aliases: ['mySecret'] },
    ]);
  });

  it('DeleteSecret: the ARN from responseElements.aRN (events before February 2024)', () => {
    expect(parseSecretsManagerEvent(DELETE_SECRET)).toEqual([
      {
        name: 'arn:aws:secretsmanager:us-east-2:123456789012:secret:MyDatabaseSecret-a1b2c3',
        aliases: ['MyDatabaseSecret'],
      },
    ]);
  });

  it('RotationSucceeded (AWS Service Event via CloudTrail): the ARN from additionalEventData.SecretId', () => {
    expect(parseSecretsManagerEvent(ROTATION_SUCCEEDED)).toEqual([
      {
        name: 'arn:aws:secretsmanager:us-west-2:accountid:secret:Appuser-pyodbc-WoDpmU',
        aliases: ['Appuser-pyodbc'],
      },
    ]);
  });

  it('PutSecretValue: the ARN from responseElements.arn, a path-like friendly name', () => {
    expect(parseSecretsManagerEvent(PUT_SECRET_VALUE)).toEqual([
      {
        name: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/test-secret-123456',
        aliases: ['prod/test-secret'],
      },
    ]);
  });
});

describe('parseSecretsManagerEvent: which id', () => {
  it('prefers resources[0], then responseElements, then additionalEventData, then requestParameters', () => {
    const arn = (n: number) => `arn:aws:secretsmanager:us-east-1:111122223333:secret:s${n}-AbCdEf`;
    const full = {
      ...PUT_SECRET_VALUE,
      resources: [arn(1)],
      detail: {
        ...PUT_SECRET_VALUE.detail,
        responseElements: { arn: arn(2) },
        additionalEventData: { SecretId: arn(3) },
        requestParameters: { secretId: arn(4) },
      },
    };
    const names = (event: unknown) => parseSecretsManagerEvent(event).map((hint) => hint.name);
    expect(names(full)).toEqual([arn(1)]);
    expect(names({ ...full, resources: [] })).toEqual([arn(2)]);
    const noResponse = { ...full, resources: undefined, detail: { ...full.detail, responseElements: null } };
    expect(names(noResponse)).toEqual([arn(3)]);
    expect(
      names({ ...noResponse, detail: { ...noResponse.detail, additionalEventData: undefined } }),
    ).toEqual([arn(4)]);
  });

  it('keeps a partial ARN the caller passed as the name, its resource as the alias', () => {
    const partial = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db';
    expect(parseSecretsManagerEvent(callerOnly('UpdateSecretVersionStage', partial))).toEqual([
      { name: partial, aliases: ['prod/db'] },
    ]);
  });

  it('takes a plain name the caller passed as the name, without aliases', () => {
    expect(parseSecretsManagerEvent(callerOnly('UpdateSecret', 'MyTestSecret'))).toEqual([
      { name: 'MyTestSecret' },
    ]);
  });

  it('reads ARNs of other partitions', () => {
    const gov = 'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:app/key-Zz09Yy';
    expect(parseSecretsManagerEvent({ ...LABEL_UPDATED, resources: [gov] })[0]).toMatchObject({
      name: gov,
      aliases: ['app/key'],
    });
  });

  it('falls back to detail.name when a Secret Label Updated event has no resources', () => {
    expect(parseSecretsManagerEvent({ ...LABEL_UPDATED, resources: [] })).toEqual([
      { name: 'mySecret', version: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' },
    ]);
  });

  it('gives nothing when no id can be found', () => {
    expect(parseSecretsManagerEvent(callerOnly('PutSecretValue', ''))).toEqual([]);
  });
});

describe('parseSecretsManagerEvent: events it does not know give nothing', () => {
  it.each([
    ['CreateSecret', callerOnly('CreateSecret', 'MyDatabaseSecret')],
    ['GetSecretValue', callerOnly('GetSecretValue', 'MyDatabaseSecret')],
    ['RotateSecret (the rotation only starts)', callerOnly('RotateSecret', 'MyDatabaseSecret')],
    [
      'RotationFailed',
      { ...ROTATION_SUCCEEDED, detail: { ...ROTATION_SUCCEEDED.detail, eventName: 'RotationFailed' } },
    ],
    [
      'a failed PutSecretValue',
      { ...PUT_SECRET_VALUE, detail: { ...PUT_SECRET_VALUE.detail, errorCode: 'AccessDenied' } },
    ],
    ['another source', { ...LABEL_UPDATED, source: 'aws.s3' }],
    [
      'another event source',
      { ...PUT_SECRET_VALUE, detail: { ...PUT_SECRET_VALUE.detail, eventSource: 'kms.amazonaws.com' } },
    ],
    ['another detail-type', { ...LABEL_UPDATED, 'detail-type': 'Scheduled Event' }],
    ['no detail-type', { ...LABEL_UPDATED, 'detail-type': undefined }],
    ['an array', [LABEL_UPDATED]],
    ['a string', JSON.stringify(LABEL_UPDATED)],
    ['null', null],
    ['a number', 42],
  ])('%s', (_, event) => {
    expect(parseSecretsManagerEvent(event)).toEqual([]);
  });
});

describe('parseSecretsManagerEvent: never a value', () => {
  it('carries nothing but ids and the version, whatever else the event holds', () => {
    const canary = 'CANARY-7f3a-value-that-must-not-travel';
    const stuffed = {
      ...PUT_SECRET_VALUE,
      detail: {
        ...PUT_SECRET_VALUE.detail,
        requestParameters: { ...PUT_SECRET_VALUE.detail.requestParameters, secretString: canary },
        responseElements: { ...PUT_SECRET_VALUE.detail.responseElements, secretString: canary, name: canary },
        additionalEventData: { SecretBinary: canary },
      },
    };
    const hints = parseSecretsManagerEvent(stuffed);
    expect(hints).toHaveLength(1);
    expect(JSON.stringify(hints)).not.toContain(canary);
    for (const hint of hints) expect(Object.keys(hint).sort()).toEqual(['aliases', 'name']);
  });
});
