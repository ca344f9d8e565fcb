// The app's storage account: no shared keys (managed identity only), TLS 1.2, no public blob access, reachable only
// from the app's subnet (and allowed IP ranges) when one is given; every read, write and delete of blobs, queues and
// tables logged to Log Analytics; the tables, containers and queues the app uses (it also creates them at start, so
// these only make the layout explicit); and the data-plane roles the app's identity needs, scoped to this account.

param location string
param tags object
param name string
param deploymentContainer string
param principalId string

@minValue(1)
@maxValue(146000)
@description('Days each audit log line stays unchangeable in the audit container (time-based immutability, appends allowed).')
param auditRetentionDays int

@description('Log Analytics workspace that receives the storage access logs.')
param logAnalyticsWorkspaceId string

@description('The app\'s subnet; when set, the account accepts only it and allowedIpRanges.')
param appSubnetId string

param allowedIpRanges array

// Keep in step with StorageNames in src/Surveys/Storage/StorageAccount.cs (a test checks it).
var containers = ['submissions', 'reports', 'models', 'audit']
var queues = ['score-submission', 'send-invitations', 'send-reminders', 'build-profiles', 'restamp-completions', 'sweep-submissions', 'send-report', 'erase-data']
var tables = ['Rounds', 'Links', 'Scores', 'Completions', 'Networks', 'Schools', 'Roster', 'OptOuts', 'Deliveries', 'ReportLinks', 'Audit', 'SharedLinks', 'CoachSessions']

var roles = {
  // Storage Blob Data Owner: Microsoft documents it as the least role for a Functions host that reaches its own storage
  // (AzureWebJobsStorage) with an identity; the host keeps its locks, timer schedules and keys there and reads the
  // deployment package. Blob Data Contributor is not enough for the host, so Owner stays; what Owner adds (changing
  // blob ACLs on a hierarchical namespace) has no use on this flat account, and the audit container's immutability
  // policy keeps even Owner from changing or deleting an audit line.
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // The pipeline's queues and the host's queue triggers: send, receive, delete messages.
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // The app's tables (rounds, links, scores, ledger, audit, ...).
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

// Every data-plane read, write and delete, with its caller and the object it touched, for the privacy officer's
// questions ("who read these answers?"). Kept as long as the workspace keeps logs (logRetentionDays).
var accessLogs = [
  { category: 'StorageRead', enabled: true }
  { category: 'StorageWrite', enabled: true }
  { category: 'StorageDelete', enabled: true }
]

var restricted = !empty(appSubnetId)

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
    networkAcls: restricted
      ? {
          defaultAction: 'Deny'
          bypass: 'AzureServices'
          virtualNetworkRules: [{ id: appSubnetId, action: 'Allow' }]
          ipRules: map(allowedIpRanges, range => { value: range, action: 'Allow' })
        }
      : { defaultAction: 'Allow', bypass: 'AzureServices' }
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

resource blobAccessLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'access-to-log-analytics'
  scope: blobs
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: accessLogs
  }
}

resource queueAccessLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'access-to-log-analytics'
  scope: queueService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: accessLogs
  }
}

resource tableAccessLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'access-to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: accessLogs
  }
}

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
