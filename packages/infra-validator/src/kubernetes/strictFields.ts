/**
 * Runs a generated kubernetes-models validator and also reports fields the
 * schema does not declare, like `kubectl apply` with strict field validation.
 *
 * The generated validators (ajv standalone code from the Kubernetes OpenAPI
 * spec) read every declared property of an object by name, and enumerate the
 * keys of map-like objects (additionalProperties). Running them over a Proxy
 * that records those reads shows, per object, which keys the schema knows:
 * any other key present is an unknown field. Objects the validator never
 * looks into (free-form, x-kubernetes-preserve-unknown-fields) stay open.
 */
export interface UnknownField {
  path: Array<string | number>;
  field: string;
}

export function validateWithFieldTracking(
  validate: (data: unknown) => boolean,
  data: unknown,
): { ok: boolean; errors: any[]; unknownFields: UnknownField[] } {
  const info = new Map<
    object,
    { read: Set<string>; enumerated: boolean; path: Array<string | number> }
  >();
  const proxies = new WeakMap<object, object>();

  const wrap = (value: unknown, path: Array<string | number>): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const existing = proxies.get(value);
    if (existing) return existing;
    const entry = { read: new Set<string>(), enumerated: false, path };
    info.set(value, entry);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return v;
        entry.read.add(key);
        return Object.prototype.hasOwnProperty.call(target, key)
          ? wrap(v, [...path, Array.isArray(target) ? Number(key) : key])
          : v;
      },
      has(target, key) {
        if (typeof key === 'string') entry.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        entry.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };

  let ok: boolean;
  let errors: any[] = [];
  try {
    ok = validate(wrap(data, []));
    errors = ((validate as any).errors as any[] | null) ?? [];
  } catch (e) {
    ok = false;
    errors = [
      {
        instancePath: '',
        keyword: 'exception',
        message: String(e),
        params: {},
      },
    ];
  }

  const unknownFields: UnknownField[] = [];
  for (const [obj, entry] of info) {
    if (Array.isArray(obj) || entry.enumerated || entry.read.size === 0)
      continue;
    for (const key of Object.keys(obj)) {
      if (!entry.read.has(key))
        unknownFields.push({ path: entry.path, field: key });
    }
  }
  return { ok, errors, unknownFields };
}
