#Requires -Version 5.1
# The sync engine's run status and last run, as far as the installed tool exposes them.
#   Entra Connect / AADSync: the ADSync module (Get-ADSyncScheduler, Get-ADSyncConnectorRunStatus,
#     Get-ADSyncRunProfileResult) where present;
#   DirSync (FIM) and ADSync builds without those cmdlets: the MIIS WMI provider
#     (root\MicrosoftIdentityIntegrationServer: MIIS_ManagementAgent, MIIS_RunHistory).
# A fact the tool does not expose is null.
# Input:  {}
# Output: { ok: true, data: { Generation ('entra-connect' | 'aadsync' | 'dirsync' | 'none'),
#           RunInProgress, SchedulerEnabled, Source ('adsync-module' | 'miis-wmi' | null),
#           LastRun: null | { Connector, Profile, Result, StartTime, EndTime } } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput

$status = [ordered]@{
    Generation       = (Get-DsdSyncGeneration)
    RunInProgress    = $null
    SchedulerEnabled = $null
    Source           = $null
    LastRun          = $null
}
if ($status.Generation -eq 'none') {
    Write-DsdResult -Data $status
}

function Test-DsdCommand {
    param([string] $Name)
    return $null -ne (Get-Command -Name $Name -ErrorAction SilentlyContinue)
}

function Read-DsdAdSyncStatus {
    param($Status)
    $Status.Source = 'adsync-module'
    if (Test-DsdCommand -Name 'Get-ADSyncScheduler') {
        $scheduler = Get-ADSyncScheduler
        $enabled = Get-DsdField -Object $scheduler -Name 'SyncCycleEnabled'
        if ($null -ne $enabled) {
            $Status.SchedulerEnabled = [bool]$enabled
        }
        $inProgress = Get-DsdField -Object $scheduler -Name 'SyncCycleInProgress'
        if ($null -ne $inProgress) {
            $Status.RunInProgress = [bool]$inProgress
        }
    }
    if (Test-DsdCommand -Name 'Get-ADSyncConnectorRunStatus') {
        # Lists only connectors that are running now.
        $busy = @(Get-ADSyncConnectorRunStatus | Where-Object { [string](Get-DsdField -Object $_ -Name 'RunState') -eq 'Busy' })
        if ($busy.Count -gt 0) {
            $Status.RunInProgress = $true
        } elseif ($null -eq $Status.RunInProgress) {
            $Status.RunInProgress = $false
        }
    }
    if (Test-DsdCommand -Name 'Get-ADSyncRunProfileResult') {
        # Completed runs only (IsRunComplete; builds without the property report completed runs
        # alone). The newest overall can still hide a failed export: Get-DsdConnectorRuns reports
        # each connector's runs.
        $runs = @(Get-ADSyncRunProfileResult -NumberRequested 10 |
            Where-Object { ($null -eq $_.PSObject.Properties['IsRunComplete']) -or [bool]$_.IsRunComplete } |
            Sort-Object -Property StartDate -Descending)
        if ($runs.Count -gt 0) {
            $run = $runs[0]
            $Status.LastRun = [ordered]@{
                Connector = Get-DsdField -Object $run -Name 'ConnectorName'
                Profile   = Get-DsdField -Object $run -Name 'RunProfileName'
                Result    = Get-DsdField -Object $run -Name 'Result'
                # The sync engine keeps run history in UTC.
                StartTime = (ConvertTo-DsdIsoDate -Value (Get-DsdField -Object $run -Name 'StartDate') -AssumeUtc)
                EndTime   = (ConvertTo-DsdIsoDate -Value (Get-DsdField -Object $run -Name 'EndDate') -AssumeUtc)
            }
        }
    }
}

# $true when the MIIS provider answered; $false when this machine has no such namespace.
function Read-DsdMiisStatus {
    param($Status)
    if ($null -eq (Get-DsdMiisAgents)) {
        return $false
    }
    $Status.Source = 'miis-wmi'
    # Run history is kept in UTC as 'yyyy-MM-dd HH:mm:ss.fff'; a fixed 30-day window bounds the answer.
    $since = [DateTime]::UtcNow.AddDays(-30).ToString('yyyy-MM-dd HH:mm:ss.fff', [System.Globalization.CultureInfo]::InvariantCulture)
    $query = "SELECT * FROM MIIS_RunHistory WHERE RunStartTime > '" + $since + "'"
    $runs = @(Get-CimInstance -Namespace $script:DsdMiisNamespace -Query $query | Sort-Object -Property RunStartTime -Descending)
    $Status.RunInProgress = @($runs | Where-Object { [string]$_.RunStatus -eq 'in-progress' }).Count -gt 0
    if ($runs.Count -gt 0) {
        $run = $runs[0]
        $Status.LastRun = [ordered]@{
            Connector = [string]$run.MaName
            Profile   = [string]$run.RunProfile
            Result    = [string]$run.RunStatus
            StartTime = (ConvertTo-DsdIsoDate -Value ([string]$run.RunStartTime) -AssumeUtc)
            EndTime   = (ConvertTo-DsdIsoDate -Value ([string]$run.RunEndTime) -AssumeUtc)
        }
    }
    return $true
}

if (($status.Generation -eq 'entra-connect') -or ($status.Generation -eq 'aadsync')) {
    $moduleLoaded = Import-DsdAdSyncModule
    if ($moduleLoaded -and (Test-DsdCommand -Name 'Get-ADSyncScheduler')) {
        Read-DsdAdSyncStatus -Status $status
        Write-DsdResult -Data $status
    }
}

$null = Read-DsdMiisStatus -Status $status
Write-DsdResult -Data $status
