#Requires -Version 5.1
# The directory account the sync tool reads Active Directory with: the AD connector's (management
# agent's) configured forest-login-user and forest-login-domain (NOTES-windows section 3).
#   AADSync / Entra Connect: Get-ADSyncConnector, the AD connectors' ConnectivityParameters (as
#     Microsoft's ADSyncConfig module reads them).
#   DirSync (a FIM engine without the ADSync module): the AD management agent's private
#     configuration XML in the sync engine's database (table mms_management_agent, ma_type 'AD'),
#     the database named under the engine service's HKLM Parameters key. Only that XML is read,
#     never the encrypted configuration that holds the password.
# When neither can be read, Source is null and Problem says why (the app then weighs the MSOL_
# accounts it finds in the directory instead of guessing).
# Input:  {}
# Output: { ok: true, data: { Source: 'ADSyncConnector'|'SyncEngineDatabase'|null,
#           Accounts: [ { Connector, User, Domain } ], Problem: string|null } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput

$answer = [ordered]@{ Source = $null; Accounts = @(); Problem = $null }

# One AD connector's account, or $null when it names no user.
function New-DsdAdAccount {
    param([string] $Connector, [AllowNull()] $User, [AllowNull()] $Domain)
    if (($null -eq $User) -or ([string]$User).Trim().Length -eq 0) {
        return $null
    }
    $domainText = $null
    if (($null -ne $Domain) -and ([string]$Domain).Trim().Length -gt 0) {
        $domainText = ([string]$Domain).Trim()
    }
    return [ordered]@{ Connector = $Connector; User = ([string]$User).Trim(); Domain = $domainText }
}

if (Import-DsdAdSyncModule) {
    $found = New-Object System.Collections.ArrayList
    foreach ($connector in @(Get-ADSyncConnector)) {
        if ((Get-DsdConnectorType -Connector $connector) -ne 'ad') {
            continue
        }
        $user = Get-DsdConnectivityValue -Connector $connector -Name 'forest-login-user'
        $domain = Get-DsdConnectivityValue -Connector $connector -Name 'forest-login-domain'
        $account = New-DsdAdAccount -Connector ([string]$connector.Name) -User $user -Domain $domain
        if ($null -ne $account) {
            $null = $found.Add($account)
        }
    }
    $answer.Source = 'ADSyncConnector'
    $answer.Accounts = $found.ToArray()
    if ($found.Count -eq 0) {
        $answer.Problem = 'The sync engine has no Active Directory connector with a configured account.'
    }
    Write-DsdResult -Data $answer
}

# AADSync / Connect installed, but its module did not load (not elevated, a damaged install): say so
# rather than report that no sync engine is registered.
if ($null -ne (Get-DsdAdSyncFolder)) {
    Write-DsdFailure -Code 'sync-unavailable' -Message 'AADSync or Entra Connect is installed on this server, but its ADSync PowerShell module could not be loaded, so the AD connector''s account cannot be read. Run the app as an administrator on the sync server.'
}

# DirSync: where its engine keeps its database (HKLM, administrators only).
$parameters = 'SYSTEM\CurrentControlSet\Services\FIMSynchronizationService\Parameters'
$database = Get-DsdMachineRegistryValue -SubKey $parameters -Name 'DBName'
if ($null -eq $database) {
    $answer.Problem = 'Neither the ADSync module nor a DirSync sync engine database is registered on this server.'
    Write-DsdResult -Data $answer
}
$server = Get-DsdMachineRegistryValue -SubKey $parameters -Name 'Server'
$instance = Get-DsdMachineRegistryValue -SubKey $parameters -Name 'SQLInstance'
$dataSource = '(local)'
if (($null -ne $server) -and ($server.Trim().Length -gt 0)) {
    $dataSource = $server.Trim()
}
if (($null -ne $instance) -and ($instance.Trim().Length -gt 0)) {
    $dataSource = $dataSource + '\' + $instance.Trim()
}

$builder = New-Object System.Data.SqlClient.SqlConnectionStringBuilder
$builder['Data Source'] = $dataSource
$builder['Initial Catalog'] = $database
$builder['Integrated Security'] = $true
$builder['Connect Timeout'] = 15
$builder['Application Name'] = 'DirSync Doctor'

$rows = New-Object System.Collections.ArrayList
$connection = New-Object System.Data.SqlClient.SqlConnection -ArgumentList $builder.ConnectionString
try {
    $connection.Open()
    $command = $connection.CreateCommand()
    $command.CommandText = "SELECT ma_name, private_configuration_xml FROM mms_management_agent WHERE ma_type = 'AD'"
    $command.CommandTimeout = 30
    $reader = $command.ExecuteReader()
    try {
        while ($reader.Read()) {
            $null = $rows.Add(@([string]$reader.GetValue(0), [string]$reader.GetValue(1)))
        }
    } finally {
        $reader.Close()
    }
} catch [System.Data.SqlClient.SqlException] {
    $answer.Problem = "DirSync's sync engine database ($database on $dataSource) could not be read: " + $_.Exception.Message
    Write-DsdResult -Data $answer
} finally {
    $connection.Close()
}

$found = New-Object System.Collections.ArrayList
foreach ($row in $rows) {
    $document = New-Object System.Xml.XmlDocument
    # No external entities or DTDs from the stored XML.
    $document.XmlResolver = $null
    try {
        $document.LoadXml($row[1])
    } catch [System.Xml.XmlException] {
        continue
    }
    $userNode = $document.SelectSingleNode('//forest-login-user')
    $domainNode = $document.SelectSingleNode('//forest-login-domain')
    $user = $null
    $domain = $null
    if ($null -ne $userNode) {
        $user = $userNode.InnerText
    }
    if ($null -ne $domainNode) {
        $domain = $domainNode.InnerText
    }
    $account = New-DsdAdAccount -Connector $row[0] -User $user -Domain $domain
    if ($null -ne $account) {
        $null = $found.Add($account)
    }
}
$answer.Source = 'SyncEngineDatabase'
$answer.Accounts = $found.ToArray()
if ($found.Count -eq 0) {
    $answer.Problem = "DirSync's sync engine database names no Active Directory management agent with a configured account."
}
Write-DsdResult -Data $answer
