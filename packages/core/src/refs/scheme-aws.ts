// awssecrets://NAME-or-ARN?stage=&version=&region= (vals' version_stage/version_id accepted).
// The region is the query's, else the ARN's; a name without either uses the environment's region.
import { refError } from './ref-errors.js';
import { assertPart, definedFields, type SchemeRules } from './ref-fields.js';
import { takeEither } from './ref-query.js';

/** arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME (the name part keeps its -XXXXXX suffix). */
const SECRET_ARN = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:(.+)$/;
/** A region is a DNS label of the endpoint host: letters, digits and dashes only. */
export const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
/** VersionIds are UUIDs; accept the characters AWS allows (32-64 of letters, digits, dashes). */
const VERSION_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The region in `name` when it is a Secrets Manager ARN; CONFIG for any other ARN. */
function arnRegion(text: string, name: string): string | undefined {
  if (!name.startsWith('arn:')) return undefined;
  const match = SECRET_ARN.exec(name);
  if (match === null) {
    throw refError(text, 'the body starts with "arn:" but is not a Secrets Manager secret ARN');
  }
  assertPart(text, match[2]!, AWS_REGION, 'the ARN region');
  return match[2];
}

export const awsRules: SchemeRules = {
  queryKeys: ['version', 'version_id', 'stage', 'version_stage', 'region'],
  parse(text, body, pairs) {
    const version = takeEither(text, pairs, 'version', 'version_id');
    const stage = takeEither(text, pairs, 'stage', 'version_stage');
    const region = pairs.get('region');
    if (version !== undefined) assertPart(text, version, VERSION_ID, 'the version');
    if (region !== undefined) assertPart(text, region, AWS_REGION, 'the region');
    return definedFields({
      name: body,
      version,
      stage,
      params: { region: region ?? arnRegion(text, body) },
    });
  },
  format(ref) {
    const implied = ref.name.startsWith('arn:') ? SECRET_ARN.exec(ref.name)?.[2] : undefined;
    const region = ref.params.region === implied ? undefined : ref.params.region;
    return {
      body: ref.name,
      query: [
        ['version', ref.version],
        ['stage', ref.stage],
        ['region', region],
      ],
    };
  },
};
