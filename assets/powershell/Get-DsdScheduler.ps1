#Requires -Version 5.1
# The built-in sync scheduler (Get-ADSyncScheduler, Connect 1.1.105.0 and later), read defensively:
# a property an older build lacks is null; a tool without the cmdlet answers Available = false.
# Input:  {}
# Output: { ok: true, data: { Available, SyncCycleEnabled, SchedulerSuspended, StagingModeEnabled,
#           SyncCycleInProgress, NextSyncCycleStartTimeInUTC, NextSyncCyclePolicyType, IntervalMinutes } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput
Write-DsdResult -Data (Read-DsdScheduler)
