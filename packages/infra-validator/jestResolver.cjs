// kubernetes-models and its @kubernetes-models/* siblings ship ESM only and
// export it under the "import" condition alone; Jest resolves with the
// "require" condition. Resolve just those packages with "import" (Jest's swc
// transform turns the ESM into CommonJS) and leave everything else alone.
const ESM_ONLY = /^(kubernetes-models|@kubernetes-models\/[^/]+)(\/|$)/;

module.exports = (request, options) => {
  if (ESM_ONLY.test(request)) {
    return options.defaultResolver(request, {
      ...options,
      conditions: ['import', 'default'],
    });
  }
  return options.defaultResolver(request, options);
};
