#Requires -Version 5.1
# Stops a running sync cycle (Stop-ADSyncSyncCycle, Connect). Tools without the cmdlet: not-supported.
# Input:  {}
# Output: { ok: true, data: { Stopped: true } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput
if (-not ((Import-DsdAdSyncModule) -and (Test-DsdCommandExists -Name 'Stop-ADSyncSyncCycle'))) {
    Write-DsdFailure -Code 'not-supported' -Message 'This sync tool cannot stop a sync cycle from PowerShell (Stop-ADSyncSyncCycle is missing).'
}
Stop-ADSyncSyncCycle
Write-DsdResult -Data ([ordered]@{ Stopped = $true })
