// gcpsecrets://projects/P[/locations/L]/secrets/S[/versions/V], the short P/S, or a bare S (the
// project then comes from the options or the environment, as vals takes GCP_PROJECT).
import { refError } from './ref-errors.js';
import { assertPart, definedFields, oneVersion, pathSegments, type SchemeRules } from './ref-fields.js';

const FULL_PATH = /^projects\/([^/]+)\/(?:locations\/([^/]+)\/)?secrets\/([^/]+)(?:\/versions\/([^/]+))?$/;
/** A version number or alias (`latest`, a custom alias). */
const VERSION = /^[A-Za-z0-9_-]+$/;
const LOCATION = /^[a-z][a-z0-9-]*$/;

export const gcpRules: SchemeRules = {
  queryKeys: ['version'],
  parse(text, body, pairs) {
    const segments = pathSegments(text, body, 'the body');
    let project: string | undefined;
    let location: string | undefined;
    let name: string;
    let pathVersion: string | undefined;
    if (segments[0] === 'projects' && segments.length >= 4) {
      const match = FULL_PATH.exec(body);
      if (match === null) {
        throw refError(text, 'a full path is projects/P[/locations/L]/secrets/S[/versions/V]');
      }
      [, project, location, name, pathVersion] = match as unknown as [string, string, string, string, string];
    } else if (segments.length === 2) {
      [project, name] = segments as [string, string];
    } else if (segments.length === 1) {
      name = segments[0]!;
    } else {
      throw refError(text, 'a GCP ref body is S, P/S or projects/P[/locations/L]/secrets/S[/versions/V]');
    }
    const version = oneVersion(text, pathVersion, pairs.get('version'));
    if (version !== undefined) assertPart(text, version, VERSION, 'the version');
    if (location !== undefined) assertPart(text, location, LOCATION, 'the location');
    return definedFields({ name, version, params: { project, location } });
  },
  format(ref) {
    const { project, location } = ref.params;
    let body = ref.name;
    if (location !== undefined) body = `projects/${project}/locations/${location}/secrets/${ref.name}`;
    else if (project !== undefined) body = `${project}/${ref.name}`;
    return { body, query: [['version', ref.version]] };
  },
};
