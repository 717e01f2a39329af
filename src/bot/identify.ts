// Who is talking: a roster contact matched by platform account, or bound now by the platform's
// mobile lookup or a one-time code. Anyone else is politely told whom to ask.

import type { Sender } from '../conversation/model.ts';
import { type Contact, findUnit, type Roster, type RosterUnit } from '../domain/roster.ts';
import { bindContact, consumeBindCode, rebindContact } from '../store/contacts-repo.ts';
import type { BotDeps } from './deps.ts';

export interface Identified {
  contact: Contact;
  unit: RosterUnit;
}

export function findBySender(roster: Roster, sender: Sender): Identified | null {
  const contact = roster.contacts.find(
    (c) => c.platform === sender.platform && c.platformUserId === sender.userId,
  );
  const unit = contact && findUnit(roster, contact.unitId);
  return contact && unit ? { contact, unit } : null;
}

/** Binds the sender through the platform directory: their account is one of the unbound mobiles. */
export async function bindByMobile(
  deps: BotDeps,
  roster: Roster,
  sender: Sender,
): Promise<Identified | null> {
  const directory = deps.directories?.[sender.platform];
  const unbound = roster.contacts.filter(
    (c) => c.mobile && !c.platformUserId && (c.platform === null || c.platform === sender.platform),
  );
  if (!directory || unbound.length === 0) return null;
  let contact: Contact | undefined;
  if (directory.mobileOf) {
    const mobile = await directory.mobileOf(sender.userId);
    contact = mobile ? unbound.find((c) => c.mobile === mobile) : undefined;
  } else {
    const ids = await directory.userIdsByMobile(unbound.map((c) => c.mobile ?? ''));
    contact = unbound.find((c) => c.mobile && ids[c.mobile] === sender.userId);
  }
  if (!contact || !(await bindContact(deps.store, contact.id, sender.platform, sender.userId))) return null;
  const unit = findUnit(roster, contact.unitId);
  return unit
    ? { contact: { ...contact, platform: sender.platform, platformUserId: sender.userId }, unit }
    : null;
}

/** Binds the sender with a one-time code the bureau issued (re-binding a changed account); null when the code is not valid. */
export async function bindByCode(
  deps: BotDeps,
  roster: Roster,
  sender: Sender,
  code: string,
): Promise<Identified | null> {
  const contactId = await consumeBindCode(deps.store, code, deps.now());
  const contact = contactId ? roster.contacts.find((c) => c.id === contactId) : undefined;
  if (!contact) return null;
  // The account may already belong to another contact (a unique key): then the code does not apply.
  const current = findBySender(roster, sender);
  if (current && current.contact.id !== contact.id) return null;
  await rebindContact(deps.store, contact.id, sender.platform, sender.userId);
  const unit = findUnit(roster, contact.unitId);
  return unit
    ? { contact: { ...contact, platform: sender.platform, platformUserId: sender.userId }, unit }
    : null;
}
