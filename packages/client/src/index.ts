export type {
  AuthKind,
  DateInput,
  EndpointKey,
  EndpointParams,
  EndpointSpec,
  PaginatedEndpointKey,
  PaginationSpec,
  ParamFormat,
  ParamSpec,
  Scope,
  WindowedEndpointKey,
} from "./endpoints.js";
export { ALL_SCOPES, endpoints, findEndpoint } from "./endpoints.js";
