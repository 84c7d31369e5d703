#Requires -Version 5.1
# Password hash sync, read only: whether it is on for the tenant (Get-ADSyncAADCompanyFeature,
# property PasswordHashSync) and the AD connectors it runs for (one heartbeat, event 654, each).
# A tool without the cmdlet (DirSync) answers Available = false; what could not be read is named in Problem.
# Input:  {}
# Output: { ok: true, data: { Available, Enabled, AdConnectors: [ "<name>", ... ], Problem } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput
$state = [ordered]@{
    Available    = $false
    Enabled      = $null
    AdConnectors = @()
    Problem      = $null
}
if (-not ((Import-DsdAdSyncModule) -and (Test-DsdCommandExists -Name 'Get-ADSyncAADCompanyFeature'))) {
    $state.Problem = 'This sync tool has no Get-ADSyncAADCompanyFeature (AADSync and Connect have it).'
    Write-DsdResult -Data $state
    return
}
$state.Available = $true
try {
    $features = Get-ADSyncAADCompanyFeature
    $state.Enabled = Get-DsdOptionalBool -Object $features -Name 'PasswordHashSync'
} catch {
    $state.Problem = 'Get-ADSyncAADCompanyFeature failed: ' + $_.Exception.Message
}
$names = New-Object System.Collections.Generic.List[string]
try {
    foreach ($connector in @(Get-ADSyncConnector)) {
        if ((Get-DsdConnectorType -Connector $connector) -eq 'ad') {
            $names.Add([string](Get-DsdField -Object $connector -Name 'Name'))
        }
    }
} catch {
    if ($null -eq $state.Problem) {
        $state.Problem = 'Get-ADSyncConnector failed: ' + $_.Exception.Message
    }
}
$state.AdConnectors = @($names)
Write-DsdResult -Data $state
