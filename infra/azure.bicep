// Brudvagt in one resource group, following the Microsoft 365 Agents Toolkit TypeScript bot template
// (templates/vsc/ts/default-bot): a user-assigned identity, App Service plan and web app, and the Azure Bot
// registration module. Added for Brudvagt: Linux, at least two instances, the health check, the Storage
// account reached through Azure AD only, and Application Insights for the logs.
@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file')
param resourceBaseName string

@description('App Service plan SKU; P0v3 or larger for two or more instances with zone redundancy options')
param webAppSKU string = 'P0v3'

@minValue(2)
@description('Instances of the web app (stateless; Table Storage is the shared state)')
param instanceCount int = 2

@maxLength(42)
param botDisplayName string

@description('ORG_NAME: the data controller named in the drafts for Datatilsynet and the persons')
param orgName string

@description('DPO_CONTACT: the DPO\'s name, mail and phone, named in the drafts')
param dpoContact string

@description('ADMIN_AAD_IDS: comma-separated Azure AD object ids of the administrators')
param adminAadIds string

@allowed([
  ''
  'da'
  'en'
])
@description('FORCE_LOCALE: empty lets each Teams user\'s locale decide; da or en forces one language')
param locale string = ''

@minValue(1)
@maxValue(100)
@description('RETENTION_YEARS: years from closing before a closed case\'s personal data is anonymized')
param retentionYears int = 5

@allowed([
  'Enabled'
  'Disabled'
])
@description('Public network access to the Storage account. Enabled: reachable over the internet, but only with an Azure AD token of an identity holding a data role (shared keys are disabled). Disabled requires VNet integration of the web app and a private endpoint, which this template does not create.')
param storagePublicNetworkAccess string = 'Enabled'

param serverfarmsName string = resourceBaseName
param webAppName string = resourceBaseName
param identityName string = resourceBaseName
param storageAccountName string = toLower(take(replace('${resourceBaseName}st${uniqueString(resourceGroup().id)}', '-', ''), 24))
param location string = resourceGroup().location

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  location: location
  name: identityName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'Node.JS'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: false
  }
}

// The breach register. Zone-redundant: three copies in three zones of the region.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Azure AD only: no account key can leak, because no key works.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    publicNetworkAccess: storagePublicNetworkAccess
  }
}

// Storage Table Data Contributor for the app's identity, on this account only.
var tableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
resource tableRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, tableDataContributorRoleId)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributorRoleId)
  }
}

// Compute resources for your Web App
resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  kind: 'linux'
  location: location
  name: serverfarmsName
  sku: {
    name: webAppSKU
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

// Web App that hosts your bot
resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  kind: 'app,linux'
  location: location
  name: webAppName
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node dist/src/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' } // Run Azure App Service from a package file
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsights.properties.ConnectionString }
        { name: 'ApplicationInsightsAgent_EXTENSION_VERSION', value: '~3' }
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'BOT_ID', value: identity.properties.clientId }
        { name: 'BOT_TENANT_ID', value: identity.properties.tenantId }
        { name: 'BOT_APP_TYPE', value: 'UserAssignedMSI' }
        { name: 'AZURE_TABLES_ACCOUNT_URL', value: storage.properties.primaryEndpoints.table }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'ORG_NAME', value: orgName }
        { name: 'DPO_CONTACT', value: dpoContact }
        { name: 'ADMIN_AAD_IDS', value: adminAadIds }
        { name: 'FORCE_LOCALE', value: locale }
        { name: 'RETENTION_YEARS', value: string(retentionYears) }
        { name: 'LOG_LEVEL', value: 'info' }
        // Each instance paces its Teams sends at 1/N of Teams' limits (README, "Teams' rate limits").
        { name: 'BOT_INSTANCES', value: string(instanceCount) }
      ]
    }
  }
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
}

// The app's stdout (pino JSON lines: events, ids, error classes, never report content) into the workspace.
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: webApp
  properties: {
    workspaceId: workspace.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServicePlatformLogs', enabled: true }
    ]
  }
}

// Register your web service as a bot with the Bot Framework
module azureBotRegistration './botRegistration/azurebot.bicep' = {
  name: 'Azure-Bot-registration'
  params: {
    resourceBaseName: resourceBaseName
    identityClientId: identity.properties.clientId
    identityResourceId: identity.id
    identityTenantId: identity.properties.tenantId
    botAppDomain: webApp.properties.defaultHostName
    botDisplayName: botDisplayName
  }
}

// The output will be persisted in .env.{envName}. Visit https://aka.ms/teamsfx-actions/arm-deploy for more details.
output AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output APP_DOMAIN string = webApp.properties.defaultHostName
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.name
