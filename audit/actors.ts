import { isServiceIdentity, PLATFORM_TENANT, SERVICE_IDENTITIES } from './event.ts';

/**
 * Who may appear as an actor. The ledger does not load plans itself (that is the plan room's
 * job): whoever opens it injects a directory. A person must belong to the plan of the event's
 * tenant; a named service identity may act for any tenant; `platform` events (outside any tenant)
 * take service identities only, since no single plan lists their people.
 */
export interface ActorDirectory {
  /** An error message when `actorId` may not act for `tenant`, else undefined. */
  check(tenant: string, actorId: string): string | undefined;
}

export interface DirectoryPerson {
  readonly id: string;
  readonly role?: string;
}

/** A directory over known people per tenant, e.g. built from the plans by the CLI. */
export function peopleDirectory(peopleByTenant: ReadonlyMap<string, readonly DirectoryPerson[]>): ActorDirectory {
  return {
    check(tenant, actorId) {
      const people = peopleByTenant.get(tenant);
      if (!people) return `tenant "${tenant}" has no plan the ledger knows of`;
      if (people.some((p) => p.id === actorId)) return undefined;
      return `actor "${actorId}" is neither a person of tenant "${tenant}"'s plan (${people.map((p) => p.id).join(', ')}) nor a service identity (${SERVICE_IDENTITIES.join(', ')})`;
    },
  };
}

/** The directory used when none is given: service identities only. */
const NO_PEOPLE: ActorDirectory = {
  check: (_tenant, actorId) => `actor "${actorId}" is not a service identity (${SERVICE_IDENTITIES.join(', ')}) and this ledger was opened without a directory of people`,
};

export function checkActor(tenant: string, actorId: string, directory: ActorDirectory = NO_PEOPLE): string | undefined {
  if (isServiceIdentity(actorId)) return undefined;
  if (tenant === PLATFORM_TENANT) {
    return `platform events are recorded for a service identity (${SERVICE_IDENTITIES.join(', ')}); "${actorId}" is not one`;
  }
  return directory.check(tenant, actorId);
}
