import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { FetchFunction } from "@oss-ai-agent-tool/core";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import {
  createRefreshingCredentials,
  type RefreshingCredentialsOptions,
} from "./create-refreshing-credentials.js";
import { EgressHttpHandler } from "./egress-http-handler.js";
import { type BedrockCredentialSource, noCredentialsError } from "./read-bedrock-credentials.js";

/** What one SDK client is built from. */
export interface BedrockClientOptions {
  region: string;
  /** The SDK's `endpoint`; the regional host when unset. */
  baseURL?: string | undefined;
  useFipsEndpoint?: boolean | undefined;
  fetch: FetchFunction;
  credentials: BedrockCredentialSource;
  /**
   * The credential chain used when no keys are configured. Default: the
   * SDK's own default chain. Injected by tests.
   */
  defaultChain?: AwsCredentialIdentityProvider | undefined;
  /** Clock and refresh window of the chain's credential cache. */
  refresh?: RefreshingCredentialsOptions | undefined;
}

/**
 * Builds the official SDK client: requests go through the injected egress
 * fetch (see {@link EgressHttpHandler}), the SDK's own retries are off
 * (`maxAttempts: 1`) because core's runners retry, and SigV4 is pinned so an
 * `AWS_BEARER_TOKEN_BEDROCK` in the environment cannot change how requests
 * are signed. Dual-stack and FIPS come from the settings alone.
 *
 * With configured keys the client signs with them (a changed key builds a
 * new client). Without, it uses the default chain behind an
 * expiration-aware cache, so short-lived credentials (SSO, an assumed role,
 * a container or instance role) are replaced before they expire.
 */
export function createBedrockClient(options: BedrockClientOptions): BedrockRuntimeClient {
  const source = options.credentials;
  let client: BedrockRuntimeClient;
  let chain: AwsCredentialIdentityProvider | undefined = options.defaultChain;
  const fromChain: AwsCredentialIdentityProvider = async (properties) => {
    // The SDK's default chain, built lazily from the client's own resolved config the way the
    // SDK builds it when no credentials are given, so profile, region and logger carry over.
    chain ??= client.config.credentialDefaultProvider({
      ...client.config,
      parentClientConfig: client.config,
    });
    try {
      return await chain(properties);
    } catch (err) {
      throw noCredentialsError(err);
    }
  };
  client = new BedrockRuntimeClient({
    region: options.region,
    requestHandler: new EgressHttpHandler(options.fetch),
    maxAttempts: 1,
    authSchemePreference: ["sigv4"],
    useFipsEndpoint: options.useFipsEndpoint ?? false,
    useDualstackEndpoint: false,
    ...(options.baseURL !== undefined ? { endpoint: options.baseURL } : {}),
    credentials:
      source.kind === "keys"
        ? { ...source.keys }
        : createRefreshingCredentials(fromChain, options.refresh),
  });
  return client;
}
