// How a chat message is taken in: answered at once, then de-duplicated and handled after the answer.
// The claim is written after the 200 (as the bot's reply already was), so a burst of messages never
// waits on the database and their claims share commits. A message whose claim then fails is logged and
// dropped, as one whose handling fails is; from then on messages are claimed before they are answered,
// so while the store is failing the platform gets 503 and delivers them again, until a claim succeeds.
// Card callbacks are not taken in here: they are answered with the bot's result, claimed first.

export interface IntakeDeps {
  /** True the first time a key is seen (store-backed de-duplication). */
  claim(key: string): Promise<boolean>;
  /** Keeps work alive after the answer (Workers `waitUntil`, a tracked promise on Node). */
  defer(work: Promise<unknown>): void;
  logger: { error(obj: object, msg?: string): void };
}

/** 'accepted': answer 200 (the message is handled once, later); 'unavailable': answer 503. */
export type IntakeResult = 'accepted' | 'unavailable';

/** Takes in message `key`, running `handle` once if it is the first delivery of that key. */
export type MessageIntake = (key: string, handle: () => Promise<void>) => Promise<IntakeResult>;

export function messageIntake(deps: IntakeDeps, channel: string): MessageIntake {
  let storeFailing = false;
  const claim = async (key: string) => {
    try {
      const first = await deps.claim(key);
      storeFailing = false;
      return first;
    } catch (error) {
      storeFailing = true;
      throw error;
    }
  };
  return async (key, handle) => {
    if (storeFailing) {
      try {
        if (await claim(key)) deps.defer(handle());
        return 'accepted';
      } catch (error) {
        deps.logger.error({ err: error, key }, `${channel} claim failed; answered 503`);
        return 'unavailable';
      }
    }
    deps.defer(
      claim(key).then(
        (first) => (first ? handle() : undefined),
        (error: unknown) =>
          deps.logger.error({ err: error, key }, `${channel} claim failed; message dropped`),
      ),
    );
    return 'accepted';
  };
}
