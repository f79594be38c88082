export interface Config {
  app?: {
    signIn?: {
      /**
       * Sign-in buttons to offer: 'guest' (local default) and/or 'github'.
       * Which users may sign in is decided by the backend's resolvers.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'github'>;
    };
  };
}
