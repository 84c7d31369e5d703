#Requires -Version 5.1
# The accounts the connectors sign in with:
#   AD connectors: ConnectivityParameters forest-login-user / forest-login-domain (as ADSyncConfig does);
#   the Entra connector (identifier b891884f-...): UserName, and with 2.5.3.0+ whether it signs in as
#     an application (Get-ADSyncEntraConnectorCredential ConnectorIdentityType);
#   DirSync: the cloud admin in the Azure AD management agent's private configuration, where readable.
# Input:  {}
# Output: { ok: true, data: { Ad: [ { Connector, User, Domain } ],
#           Entra: null | { Connector, UserName, IdentityType ('ServiceAccount'|'Application'|null) }, DirSyncCloudUser } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput

$answer = [ordered]@{ Ad = @(); Entra = $null; DirSyncCloudUser = $null }

if (Import-DsdAdSyncModule) {
    $ad = New-Object System.Collections.ArrayList
    foreach ($connector in @(Get-ADSyncConnector)) {
        $type = Get-DsdConnectorType -Connector $connector
        if ($type -eq 'ad') {
            $null = $ad.Add([ordered]@{
                    Connector = [string]$connector.Name
                    User      = (Get-DsdConnectivityValue -Connector $connector -Name 'forest-login-user')
                    Domain    = (Get-DsdConnectivityValue -Connector $connector -Name 'forest-login-domain')
                })
        } elseif ($type -eq 'entra') {
            $identity = $null
            if (Test-DsdCommandExists -Name 'Get-ADSyncEntraConnectorCredential') {
                $credential = Get-ADSyncEntraConnectorCredential
                $identity = [string](Get-DsdField -Object $credential -Name 'ConnectorIdentityType')
                if ($identity.Length -eq 0) {
                    $identity = $null
                }
            }
            $answer.Entra = [ordered]@{
                Connector    = [string]$connector.Name
                UserName     = (Get-DsdConnectivityValue -Connector $connector -Name 'UserName')
                IdentityType = $identity
            }
        }
    }
    $answer.Ad = $ad.ToArray()
    Write-DsdResult -Data $answer
}

# DirSync: the cloud admin user name is stored in the Azure AD management agent's configuration
# (miisclient shows it under Connectivity); the MIIS WMI provider exposes no such field, so only
# the configuration XML export can tell. Not readable here: left null rather than guessed.
Write-DsdResult -Data $answer
