/**
 * The token credential for Table Storage through Azure AD (AZURE_TABLES_ACCOUNT_URL).
 *
 * ManagedIdentityCredential, not DefaultAzureCredential: in App Service the identity is known (the
 * user-assigned identity the Bicep gives the app, AZURE_CLIENT_ID), and DefaultAzureCredential's chain
 * (environment, workload identity, managed identity, Azure CLI, PowerShell, …) would make a missing
 * identity a slow, ambiguous failure, or quietly pick up a developer's own login on a laptop. A laptop
 * uses the embedded store or a connection string instead.
 */
import { ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

/** With a client id: that user-assigned identity; without: the app's system-assigned identity. */
export function managedIdentityCredential(clientId?: string): TokenCredential {
  return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
}
