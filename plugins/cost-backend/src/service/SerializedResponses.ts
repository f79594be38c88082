import { Response } from 'express';
import { createHash } from 'node:crypto';

type Serialized = { body: Buffer; etag: string };

/**
 * JSON bodies serialized once per value: a value the service hands out again
 * (a cached summary) is sent from the bytes and ETag made the first time, so
 * a cache hit costs no `JSON.stringify` and no hashing. Keyed by the value
 * itself (weakly), so it lives exactly as long as the service's own cache
 * keeps the value; values must not be changed after they are first sent.
 */
export class SerializedResponses {
  private readonly bodies = new WeakMap<object, Serialized>();

  send(res: Response, value: object): void {
    let serialized = this.bodies.get(value);
    if (!serialized) {
      const body = Buffer.from(JSON.stringify(value), 'utf8');
      const hash = createHash('sha1').update(body).digest('base64');
      serialized = {
        body,
        etag: `W/"${body.length.toString(16)}-${hash.slice(0, 27)}"`,
      };
      this.bodies.set(value, serialized);
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    // Express answers 304 from this ETag when the client already has it.
    res.setHeader('ETag', serialized.etag);
    res.send(serialized.body);
  }
}
