#Requires -Version 5.1
# Turns the sync scheduler on or off (Set-ADSyncScheduler -SyncCycleEnabled) and reads it back.
# SchedulerSuspended and staging mode are never set here: Microsoft does not support setting them by hand.
# Input:  { "enabled": true | false }
# Output: { ok: true, data: <as Get-DsdScheduler> }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$enabled = Get-DsdField -Object $in -Name 'enabled'
if ($enabled -isnot [bool]) {
    Write-DsdFailure -Code 'bad-input' -Message 'enabled: expected true or false.'
}
if (-not (Test-DsdElevated)) {
    Write-DsdFailure -Code 'not-elevated' -Message 'Changing the sync scheduler needs an elevated (administrator) session.' -WindowsError 5
}
if (-not ((Import-DsdAdSyncModule) -and (Test-DsdCommandExists -Name 'Set-ADSyncScheduler'))) {
    Write-DsdFailure -Code 'not-supported' -Message 'This sync tool has no built-in scheduler (Set-ADSyncScheduler is missing; it came with Connect 1.1.105.0).'
}
Set-ADSyncScheduler -SyncCycleEnabled $enabled
Write-DsdResult -Data (Read-DsdScheduler)
