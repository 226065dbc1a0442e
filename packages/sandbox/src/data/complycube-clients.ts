import { isoMs } from '../clock.js';
import { objectId } from '../ids.js';
import type { Rng } from '../prng.js';
import type { JsonObject, JsonValue } from '../types.js';

/** A client created through `POST /clients` (generated sessions reference clients that are not stored). */
export interface CcClient {
  id: string;
  type: 'person' | 'company';
  entityName: string;
  /** The accepted request fields, echoed back as the real API does. */
  fields: JsonObject;
  createdAt: number;
  updatedAt: number;
}

/** Why a create body was refused: the message and the offending parameter. */
export interface CcInvalid {
  message: string;
  param: string;
}

const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const nonEmpty = (v: JsonValue | undefined): v is string => typeof v === 'string' && v.trim() !== '';

/** Checks a `POST /clients` body; null when it is acceptable. */
export function invalidClient(body: JsonObject): CcInvalid | null {
  if (body.type !== 'person' && body.type !== 'company') {
    return { message: '"type" must be one of [person, company]', param: 'type' };
  }
  if (!nonEmpty(body.email) || !body.email.includes('@')) {
    return { message: '"email" must be a valid email', param: 'email' };
  }
  if (body.type === 'person') {
    const details = body.personDetails;
    if (!isObject(details)) return { message: '"personDetails" is required', param: 'personDetails' };
    for (const name of ['firstName', 'lastName'] as const) {
      if (!nonEmpty(details[name]))
        return { message: `"personDetails.${name}" is required`, param: `personDetails.${name}` };
    }
  } else {
    const details = body.companyDetails;
    if (!isObject(details) || !nonEmpty(details.name)) {
      return { message: '"companyDetails.name" is required', param: 'companyDetails.name' };
    }
  }
  return null;
}

/** The clients created through the API, by id. */
export class ComplyCubeClients {
  private readonly byId = new Map<string, CcClient>();

  get(id: string): CcClient | undefined {
    return this.byId.get(id);
  }

  /** Stores a client from a body that passed {@link invalidClient}. */
  create(rng: Rng, body: JsonObject, now: number): CcClient {
    const type = body.type as 'person' | 'company';
    const person = body.personDetails as JsonObject | undefined;
    const company = body.companyDetails as JsonObject | undefined;
    const entityName =
      type === 'person'
        ? [person?.firstName, person?.middleName, person?.lastName].filter(nonEmpty).join(' ')
        : String(company?.name);
    const fields: JsonObject = {};
    for (const name of ['email', 'mobile', 'telephone', 'externalId', 'joinedDate', 'metadata'] as const) {
      if (body[name] !== undefined) fields[name] = body[name];
    }
    if (type === 'person' && person) fields.personDetails = person;
    if (type === 'company' && company) fields.companyDetails = company;
    const client: CcClient = {
      id: objectId(rng, now),
      type,
      entityName,
      fields,
      createdAt: now,
      updatedAt: now,
    };
    this.byId.set(client.id, client);
    return client;
  }

  /** `Client` payload. */
  render(client: CcClient): JsonObject {
    return {
      id: client.id,
      type: client.type,
      entityName: client.entityName,
      ...client.fields,
      createdAt: isoMs(client.createdAt),
      updatedAt: isoMs(client.updatedAt),
    };
  }
}
