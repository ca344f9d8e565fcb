// Key Vault (RBAC, purge protection) holding the SendGrid API key. The app's identity may read that one secret
// (Key Vault Secrets User on the secret, not the vault); the person deploying may manage secrets to rotate it. With
// the app's subnet given, the vault accepts only that subnet and the allowed IP ranges.

param location string
param tags object
param name string
@secure()
param sendGridApiKey string
param appPrincipalId string
param adminPrincipalId string
param appSubnetId string
param allowedIpRanges array

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var secretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: empty(appSubnetId)
      ? { defaultAction: 'Allow', bypass: 'AzureServices' }
      : {
          defaultAction: 'Deny'
          bypass: 'AzureServices'
          virtualNetworkRules: [{ id: appSubnetId }]
          ipRules: map(allowedIpRanges, range => { value: range })
        }
  }
}

resource sendGrid 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'sendgrid-api-key'
  properties: {
    value: sendGridApiKey
    contentType: 'SendGrid API key (Mail Send)'
  }
}

resource appReads 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(sendGrid.id, appPrincipalId, secretsUser)
  scope: sendGrid
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
  }
}

resource adminManages 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminPrincipalId)) {
  name: guid(vault.id, adminPrincipalId, secretsOfficer)
  scope: vault
  properties: {
    principalId: adminPrincipalId
    principalType: 'User'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficer)
  }
}

output name string = vault.name
output sendGridSecretUri string = sendGrid.properties.secretUri
