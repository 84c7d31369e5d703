#Requires -Version 5.1
# Starts a full password sync for one AD connector, the way Microsoft's password hash sync
# troubleshooting page describes it: the connector's global parameter
# Microsoft.Synchronize.ForceFullPasswordSync is set to 1, then password sync from that connector to
# the Entra connector is turned off and on again. Every password hash is sent again; no password changes.
# Refused on a staging server (password hash sync does not run there) and when the feature is off.
# Input:  { "adConnector": "<the AD connector's name>" }
# Output: { ok: true, data: { AdConnector, EntraConnector } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$adName = Get-DsdField -Object $in -Name 'adConnector'
if (($adName -isnot [string]) -or ($adName.Length -lt 1) -or ($adName.Length -gt 256) -or ($adName -match '[\x00-\x1F]')) {
    Write-DsdFailure -Code 'bad-input' -Message 'adConnector: expected the name of an AD connector (1-256 characters, no control characters).'
}
if (-not (Test-DsdElevated)) {
    Write-DsdFailure -Code 'not-elevated' -Message 'Starting a full password sync needs an elevated (administrator) session.' -WindowsError 5
}
$needed = @('Get-ADSyncConnector', 'Add-ADSyncConnector', 'Get-ADSyncAADCompanyFeature', 'Set-ADSyncAADPasswordSyncConfiguration', 'Get-ADSyncScheduler')
if (-not (Import-DsdAdSyncModule)) {
    Write-DsdFailure -Code 'not-supported' -Message 'The ADSync module is not available on this server.'
}
foreach ($name in $needed) {
    if (-not (Test-DsdCommandExists -Name $name)) {
        Write-DsdFailure -Code 'not-supported' -Message ($name + ' is missing: this sync tool cannot start a full password sync.')
    }
}
if ((Get-DsdOptionalBool -Object (Get-ADSyncScheduler) -Name 'StagingModeEnabled') -eq $true) {
    Write-DsdFailure -Code 'bad-input' -Message 'This server is in staging mode, where password hash sync does not run: start the full password sync on the active server.'
}
if ((Get-DsdOptionalBool -Object (Get-ADSyncAADCompanyFeature) -Name 'PasswordHashSync') -ne $true) {
    Write-DsdFailure -Code 'bad-input' -Message 'Password hash sync is not turned on for this tenant: it is turned on in the configuration wizard.'
}
$ad = $null
$entra = $null
foreach ($connector in @(Get-ADSyncConnector)) {
    $type = Get-DsdConnectorType -Connector $connector
    $name = [string](Get-DsdField -Object $connector -Name 'Name')
    if (($type -eq 'ad') -and ($name -eq $adName)) {
        $ad = $connector
    }
    if ($type -eq 'entra') {
        $entra = $connector
    }
}
if ($null -eq $ad) {
    Write-DsdFailure -Code 'bad-input' -Message 'adConnector: there is no AD connector of that name on this server.'
}
if ($null -eq $entra) {
    Write-DsdFailure -Code 'not-supported' -Message 'There is no Entra connector on this server.'
}
$entraName = [string](Get-DsdField -Object $entra -Name 'Name')
$parameterName = 'Microsoft.Synchronize.ForceFullPasswordSync'
$parameter = New-Object Microsoft.IdentityManagement.PowerShell.ObjectModel.ConfigurationParameter -ArgumentList @($parameterName, 'String', 'ConnectorGlobal', $null, $null, $null)
$parameter.Value = 1
$null = $ad.GlobalParameters.Remove($parameterName)
$ad.GlobalParameters.Add($parameter)
$null = Add-ADSyncConnector -Connector $ad
Set-ADSyncAADPasswordSyncConfiguration -SourceConnector $adName -TargetConnector $entraName -Enable $false
Set-ADSyncAADPasswordSyncConfiguration -SourceConnector $adName -TargetConnector $entraName -Enable $true
Write-DsdResult -Data ([ordered]@{ AdConnector = $adName; EntraConnector = $entraName })
