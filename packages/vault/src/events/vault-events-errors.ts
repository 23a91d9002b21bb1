// The Vault event source's errors (provider `vault-events`): failed subscriptions, frames that are
// no event (reported without quoting them: a frame may one day carry secret data).
import { type AdapterKit, defineAdapter } from '@secretkit/core/adapter';

export const EVENTS_SOURCE_NAME = 'vault-events';

export const eventsKit: AdapterKit = defineAdapter({
  provider: EVENTS_SOURCE_NAME,
  label: 'Vault events',
  factory: 'vaultEventsChangeSource',
  describe: (error) => ({
    name: error instanceof Error && /^[A-Za-z]\w{0,63}$/.test(error.name) ? error.name : 'Error',
  }),
});
