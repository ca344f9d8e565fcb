// The app's storage account: no shared keys (managed identity only), TLS 1.2, no public blob access; the tables,
// containers and queues the app uses (it also creates them at start, so these only make the layout explicit); and
// the data-plane roles the app's identity needs, scoped to this account.

param location string
param tags object
param name string
param deploymentContainer string
param principalId string

@minValue(1)
@maxValue(146000)
@description('Days each audit log line stays unchangeable in the audit container (time-based immutability, appends allowed).')
param auditRetentionDays int

// Keep in step with StorageNames in src/Surveys/Storage/StorageAccount.cs (a test checks it).
var containers = ['submissions', 'reports', 'models', 'audit']
var queues = ['score-submission', 'send-invitations', 'send-reminders', 'build-profiles', 'send-report', 'erase-data']
var tables = ['Rounds', 'Links', 'Scores', 'Completions', 'Networks', 'Schools', 'Roster', 'OptOuts', 'Deliveries', 'ReportLinks', 'Audit']

var roles = {
  // The Functions host keeps blob leases (timer singletons) and reads the deployment package: it needs Owner, not
  // just Contributor, on blobs when it connects with a managed identity.
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource deployment 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainer
}

resource appContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in containers: {
  parent: blobs
  name: container
}]

// The audit log's append-only copy: a time-based immutability policy with protected append writes, so lines can be
// added but no one (the app's identity included: it has data-plane roles only) can change or delete one until it is
// auditRetentionDays old. The policy stays unlocked so a district can shorten it by agreement; locking it
// (az storage container immutability-policy lock) is a one-way step left to the district.
resource auditImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = {
  parent: appContainers[indexOf(containers, 'audit')]
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: auditRetentionDays
    allowProtectedAppendWrites: true
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource appQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in queues: {
  parent: queueService
  name: queue
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource appTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in tables: {
  parent: tableService
  name: table
}]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  name: guid(account.id, principalId, role.value)
  scope: account
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output deploymentContainer string = deployment.name
