#Requires -Version 5.1
# Each connector's latest COMPLETED run per run profile (never the single newest run overall: a
# successful import must not hide a failed export), and the export deletion threshold settings.
#   Connect / AADSync: Get-ADSyncConnector, Get-ADSyncRunProfileResult -ConnectorId (IsRunComplete),
#     (Get-ADSyncGlobalSettings).Parameters;
#   DirSync and builds without the cmdlets: MIIS WMI (MIIS_RunHistory, RunStatus <> 'in-progress').
# Run history dates are UTC without a zone.
# Input:  {}
# Output: { ok: true, data: { Source ('adsync' | 'miis-wmi' | 'none'), DeletionThreshold: { Enabled, Value },
#           Connectors: [ { Name, Type ('ad'|'entra'|'other'), Runs: [ { Profile, Result, StartDate, EndDate,
#           Counts: { Adds, Updates, Deletes, PendingDeletes, ExportErrors, SyncErrors } } ] } ] } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput

$answer = [ordered]@{
    Source            = 'none'
    DeletionThreshold = [ordered]@{ Enabled = $null; Value = $null }
    Connectors        = @()
}

# Sum of the named step counters that exist on this build; $null when none does.
function Get-DsdStepSum {
    param($Steps, [string[]] $Names)
    $total = $null
    foreach ($step in @($Steps)) {
        foreach ($name in $Names) {
            $value = Get-DsdField -Object $step -Name $name
            if ($null -ne $value) {
                $total = [int]$total + [int]$value
            }
        }
    }
    return $total
}

function Read-DsdAdSyncRuns {
    $settings = Get-DsdGlobalSettings
    if ($settings.ContainsKey('Microsoft.OptionalFeature.ExportDeletionThreshold')) {
        $answer.DeletionThreshold.Enabled = ([string]$settings['Microsoft.OptionalFeature.ExportDeletionThreshold']) -eq 'True'
    }
    if ($settings.ContainsKey('Microsoft.OptionalFeature.ExportDeletionThresholdValue')) {
        $answer.DeletionThreshold.Value = [int]$settings['Microsoft.OptionalFeature.ExportDeletionThresholdValue']
    }
    $connectors = New-Object System.Collections.ArrayList
    foreach ($connector in @(Get-ADSyncConnector)) {
        $runs = @(Get-ADSyncRunProfileResult -ConnectorId $connector.Identifier -NumberRequested 50 |
            Where-Object { [bool](Get-DsdField -Object $_ -Name 'IsRunComplete') } |
            Sort-Object -Property StartDate -Descending)
        $latest = New-Object System.Collections.ArrayList
        $seen = @{}
        foreach ($run in $runs) {
            $profileName = [string]$run.RunProfileName
            if ($seen.ContainsKey($profileName)) {
                continue
            }
            $seen[$profileName] = $true
            $steps = Get-DsdField -Object $run -Name 'RunStepResults'
            $null = $latest.Add([ordered]@{
                    Profile   = $profileName
                    Result    = [string]$run.Result
                    StartDate = (ConvertTo-DsdIsoDate -Value $run.StartDate -AssumeUtc)
                    EndDate   = (ConvertTo-DsdIsoDate -Value $run.EndDate -AssumeUtc)
                    Counts    = [ordered]@{
                        Adds           = (Get-DsdStepSum -Steps $steps -Names @('StageAdd', 'ExportAdd'))
                        Updates        = (Get-DsdStepSum -Steps $steps -Names @('StageUpdate', 'ExportUpdate'))
                        Deletes        = (Get-DsdStepSum -Steps $steps -Names @('StageDelete', 'ExportDelete'))
                        # The run result does not carry the deletes held back by the threshold.
                        PendingDeletes = $null
                        ExportErrors   = (Get-DsdStepSum -Steps $steps -Names @('ExportFailure'))
                        SyncErrors     = (Get-DsdStepSum -Steps $steps -Names @('StageFailure'))
                    }
                })
        }
        $null = $connectors.Add([ordered]@{
                Name = [string]$connector.Name
                Type = (Get-DsdConnectorType -Connector $connector)
                Runs = $latest.ToArray()
            })
    }
    $answer.Source = 'adsync'
    $answer.Connectors = $connectors.ToArray()
}

# $false when this machine has no MIIS WMI namespace.
function Read-DsdMiisRuns {
    $agents = Get-DsdMiisAgents
    if ($null -eq $agents) {
        return $false
    }
    $since = [DateTime]::UtcNow.AddDays(-30).ToString('yyyy-MM-dd HH:mm:ss.fff', [System.Globalization.CultureInfo]::InvariantCulture)
    $history = @(Get-CimInstance -Namespace $script:DsdMiisNamespace -Query ("SELECT * FROM MIIS_RunHistory WHERE RunStartTime > '" + $since + "'") |
        Where-Object { [string]$_.RunStatus -ne 'in-progress' } |
        Sort-Object -Property RunStartTime -Descending)
    $connectors = New-Object System.Collections.ArrayList
    foreach ($agent in $agents) {
        $latest = New-Object System.Collections.ArrayList
        $seen = @{}
        foreach ($run in @($history | Where-Object { [string]$_.MaGuid -eq [string]$agent.Guid })) {
            $profileName = [string]$run.RunProfile
            if ($seen.ContainsKey($profileName)) {
                continue
            }
            $seen[$profileName] = $true
            $null = $latest.Add([ordered]@{
                    Profile   = $profileName
                    Result    = [string]$run.RunStatus
                    StartDate = (ConvertTo-DsdIsoDate -Value ([string]$run.RunStartTime) -AssumeUtc)
                    EndDate   = (ConvertTo-DsdIsoDate -Value ([string]$run.RunEndTime) -AssumeUtc)
                    Counts    = [ordered]@{ Adds = $null; Updates = $null; Deletes = $null; PendingDeletes = $null; ExportErrors = $null; SyncErrors = $null }
                })
        }
        $type = 'other'
        if ([string]$agent.Type -eq 'Active Directory') {
            $type = 'ad'
        } elseif (([string]$agent.Name).IndexOf('Azure Active Directory', [StringComparison]::OrdinalIgnoreCase) -ge 0) {
            $type = 'entra'
        }
        $null = $connectors.Add([ordered]@{ Name = [string]$agent.Name; Type = $type; Runs = $latest.ToArray() })
    }
    $answer.Source = 'miis-wmi'
    $answer.Connectors = $connectors.ToArray()
    return $true
}

if ((Import-DsdAdSyncModule) -and (Test-DsdCommandExists -Name 'Get-ADSyncRunProfileResult')) {
    Read-DsdAdSyncRuns
    Write-DsdResult -Data $answer
}
$null = Read-DsdMiisRuns
Write-DsdResult -Data $answer
