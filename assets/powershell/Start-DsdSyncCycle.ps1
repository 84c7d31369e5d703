#Requires -Version 5.1
# Starts a sync cycle with the installed tool:
#   Entra Connect / AADSync 1.1+: Start-ADSyncSyncCycle -PolicyType Delta | Initial;
#   AADSync 1.0: DirectorySyncClientCmd.exe delta | initial (started, not awaited);
#   DirSync: Start-OnlineCoexistenceSync (-FullSync for an initial cycle), from the DirSync module
#   or, on builds before 6862.0000, the Coexistence-Configuration snap-in.
# A cycle already running gives sync-busy; no tool gives sync-unavailable.
# Input:  { "kind": "delta" | "initial" }
# Output: { ok: true, data: { Generation, Method, Result (the tool's answer, or null),
#          Loaded ('module' | 'snap-in' for DirSync, null otherwise) } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$kind = Get-DsdField -Object $in -Name 'kind'
if (($kind -cne 'delta') -and ($kind -cne 'initial')) {
    Write-DsdFailure -Code 'bad-input' -Message "kind: expected 'delta' or 'initial'."
}

$generation = Get-DsdSyncGeneration
if ($generation -eq 'none') {
    Write-DsdFailure -Code 'sync-unavailable' -Message 'No directory synchronization tool is installed on this computer.'
}

function Test-DsdCommand {
    param([string] $Name)
    return $null -ne (Get-Command -Name $Name -ErrorAction SilentlyContinue)
}

if (($generation -eq 'entra-connect') -or ($generation -eq 'aadsync')) {
    $null = Import-DsdAdSyncModule
    if (Test-DsdCommand -Name 'Start-ADSyncSyncCycle') {
        if (Test-DsdCommand -Name 'Get-ADSyncScheduler') {
            $inProgress = Get-DsdField -Object (Get-ADSyncScheduler) -Name 'SyncCycleInProgress'
            if ($inProgress -eq $true) {
                Write-DsdFailure -Code 'sync-busy' -Message 'A sync cycle is already running; wait for it to finish.'
            }
        }
        $policy = 'Delta'
        if ($kind -eq 'initial') {
            $policy = 'Initial'
        }
        try {
            $answer = Start-ADSyncSyncCycle -PolicyType $policy
        } catch {
            if ($_.Exception.Message -match 'busy|already running|in progress') {
                Write-DsdFailure -Code 'sync-busy' -Message ('The sync engine is busy: ' + $_.Exception.Message)
            }
            throw
        }
        $result = $null
        if ($null -ne $answer) {
            $result = [string](Get-DsdField -Object $answer -Name 'Result')
        }
        Write-DsdResult -Data ([ordered]@{ Generation = $generation; Method = 'Start-ADSyncSyncCycle'; Result = $result; Loaded = $null })
    }
    $client = Get-DsdDirectorySyncClientCmd
    if ($null -ne $client) {
        $null = Start-Process -FilePath $client -ArgumentList @([string]$kind) -WindowStyle Hidden -PassThru
        Write-DsdResult -Data ([ordered]@{ Generation = $generation; Method = 'DirectorySyncClientCmd.exe'; Result = $null; Loaded = $null })
    }
    Write-DsdFailure -Code 'sync-unavailable' -Message 'Neither Start-ADSyncSyncCycle nor DirectorySyncClientCmd.exe is available on this computer.'
}

# DirSync: the DirSync module (6862.0000 and later), else the Coexistence-Configuration snap-in
# (earlier builds); both give Start-OnlineCoexistenceSync.
$loaded = $null
if ((Import-DsdDirSyncModule) -and (Test-DsdCommand -Name 'Start-OnlineCoexistenceSync')) {
    $loaded = 'module'
} else {
    $snapIn = Import-DsdDirSyncSnapIn
    if (($snapIn -eq 'loaded') -and (Test-DsdCommand -Name 'Start-OnlineCoexistenceSync')) {
        $loaded = 'snap-in'
    } elseif ($snapIn -eq 'only-32-bit') {
        Write-DsdFailure -Code 'sync-unavailable' -Message 'The DirSync snap-in (Coexistence-Configuration) is registered for 32-bit PowerShell only: run Start-OnlineCoexistenceSync in the Directory Sync Configuration Shell (DirSyncConfigShell.psc1) in the DirSync folder.'
    } elseif ($snapIn -eq 'failed') {
        Write-DsdFailure -Code 'sync-unavailable' -Message 'The DirSync snap-in (Coexistence-Configuration) is registered but could not be loaded: run Start-OnlineCoexistenceSync in the Directory Sync Configuration Shell (DirSyncConfigShell.psc1) in the DirSync folder.'
    } else {
        Write-DsdFailure -Code 'sync-unavailable' -Message 'Neither the DirSync module nor the DirSync snap-in (Coexistence-Configuration) is installed on this computer, so Start-OnlineCoexistenceSync is not available.'
    }
}
if ($kind -eq 'initial') {
    $null = Start-OnlineCoexistenceSync -FullSync
} else {
    $null = Start-OnlineCoexistenceSync
}
Write-DsdResult -Data ([ordered]@{ Generation = $generation; Method = 'Start-OnlineCoexistenceSync'; Result = $null; Loaded = $loaded })
