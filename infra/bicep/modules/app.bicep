// Everything inside the resource group. Modules are plain resources (no registry modules) so the templates build
// and lint offline.

param location string
param tags object
param token string
param senderAddress string
param coachKeyHash string
@secure()
param sendGridApiKey string
param principalId string
param logRetentionDays int
param auditRetentionDays int
param appSubnetId string
param allowedIpRanges array

var functionAppName = 'func-readiness-${token}'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-readiness-${token}'
  location: location
  tags: tags
}

module storage 'storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: 'streadiness${take(token, 11)}'
    deploymentContainer: 'app-package-${take(token, 13)}'
    principalId: identity.properties.principalId
    auditRetentionDays: auditRetentionDays
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    appSubnetId: appSubnetId
    allowedIpRanges: allowedIpRanges
  }
}

module monitoring 'monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    token: token
    retentionDays: logRetentionDays
    principalId: identity.properties.principalId
  }
}

module vault 'keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    name: 'kv-readiness-${take(token, 10)}'
    sendGridApiKey: sendGridApiKey
    appPrincipalId: identity.properties.principalId
    adminPrincipalId: principalId
    appSubnetId: appSubnetId
    allowedIpRanges: allowedIpRanges
  }
}

module function 'functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: tags
    name: functionAppName
    planName: 'plan-readiness-${token}'
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainer: storage.outputs.deploymentContainer
    appInsightsConnectionString: monitoring.outputs.connectionString
    sendGridSecretUri: vault.outputs.sendGridSecretUri
    senderAddress: senderAddress
    coachKeyHash: coachKeyHash
    appSubnetId: appSubnetId
  }
}

output functionAppName string = function.outputs.name
output url string = function.outputs.url
output storageAccountName string = storage.outputs.name
output keyVaultName string = vault.outputs.name
