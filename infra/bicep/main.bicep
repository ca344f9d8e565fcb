// Readiness Pipeline on Azure: one resource group with a Flex Consumption function app running the isolated worker,
// its storage (reached by managed identity only), monitoring and the Key Vault holding the SendGrid key.
// Deploy with `azd up` (see azure.yaml) or `az deployment sub create` (see the README).
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('Name of the environment (azd sets it); used in every resource name.')
param environmentName string

@minLength(1)
@description('Azure region of every resource. It must offer the Flex Consumption plan.')
param location string

@description('Sender address of every email; SendGrid must have verified it.')
param senderAddress string

@description('A coach key entry, "keyId:<sha256 hex>:<networks, or * for all>", as printed by "readiness coach-key new".')
param coachKeyHash string

@secure()
@description('SendGrid API key with Mail Send permission; it is stored in Key Vault, never in app settings.')
param sendGridApiKey string

@description('Object id of the person deploying (azd sets AZURE_PRINCIPAL_ID); gets Key Vault Secrets Officer to rotate the SendGrid key. Leave empty to skip.')
param principalId string = ''

@description('Days to keep logs in Log Analytics, the storage access logs included.')
param logRetentionDays int = 30

@description('Resource id of a subnet (delegated to Microsoft.App/environments, with the Microsoft.Storage and Microsoft.KeyVault service endpoints) for the app. Set, the app joins it and storage and Key Vault accept only that subnet and allowedIpRanges; empty (the default), both stay reachable from the internet, still only with Entra ID credentials.')
param appSubnetId string = ''

@description('Public IP ranges (CIDR, such as an office network) that may still reach storage and Key Vault when appSubnetId restricts them.')
param allowedIpRanges array = []

@minValue(1)
@maxValue(146000)
@description('Days each audit log entry is kept unchangeable in storage (about seven years by default).')
param auditRetentionDays int = 2557

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module app 'modules/app.bicep' = {
  name: 'readiness-${token}'
  scope: group
  params: {
    location: location
    tags: tags
    token: token
    senderAddress: senderAddress
    coachKeyHash: coachKeyHash
    sendGridApiKey: sendGridApiKey
    principalId: principalId
    logRetentionDays: logRetentionDays
    auditRetentionDays: auditRetentionDays
    appSubnetId: appSubnetId
    allowedIpRanges: allowedIpRanges
  }
}

output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.functionAppName
output AZURE_FUNCTION_URL string = app.outputs.url
output AZURE_STORAGE_ACCOUNT_NAME string = app.outputs.storageAccountName
output AZURE_KEY_VAULT_NAME string = app.outputs.keyVaultName
