export {
  hetznerError,
  hetznerServer,
  hetznerServerType,
  serversPage,
  serverTypesPage,
} from './fixtures';
