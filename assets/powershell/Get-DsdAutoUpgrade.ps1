#Requires -Version 5.1
# Entra Connect's automatic upgrade, read only: Get-ADSyncAutoUpgrade -Detail gives the state
# (Enabled, Disabled, Suspended) and, when the system suspended it, the reason. The reason is passed
# on as printed (whitespace folded to single spaces): Microsoft says it can be any string.
# A tool without the cmdlet (DirSync, AADSync, Connect before 1.1.105.0) answers Available = false.
# Input:  {}
# Output: { ok: true, data: { Available, State, SuspensionReason, Problem } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput
$state = [ordered]@{
    Available        = $false
    State            = $null
    SuspensionReason = $null
    Problem          = $null
}
if (-not ((Import-DsdAdSyncModule) -and (Test-DsdCommandExists -Name 'Get-ADSyncAutoUpgrade'))) {
    $state.Problem = 'This sync tool has no Get-ADSyncAutoUpgrade (Entra Connect has it from 1.1.105.0).'
    Write-DsdResult -Data $state
    return
}
$state.Available = $true
# -Detail came after the cmdlet itself: without it only the state can be read.
$hasDetail = (Get-Command -Name 'Get-ADSyncAutoUpgrade').Parameters.ContainsKey('Detail')
try {
    if ($hasDetail) {
        $answer = Get-ADSyncAutoUpgrade -Detail
    } else {
        $answer = Get-ADSyncAutoUpgrade
    }
} catch {
    $state.Problem = 'Get-ADSyncAutoUpgrade failed: ' + $_.Exception.Message
    Write-DsdResult -Data $state
    return
}
if (($answer -is [System.Enum]) -or ($answer -is [string])) {
    $state.State = [string]$answer
} elseif ($null -ne $answer) {
    $value = Get-DsdField -Object $answer -Name 'AutoUpgradeState'
    if ($null -ne $value) {
        $state.State = [string]$value
    }
    $reason = Get-DsdField -Object $answer -Name 'SuspensionReason'
    if ($null -ne $reason) {
        $text = ([string]$reason -replace '\s+', ' ').Trim()
        if ($text.Length -gt 0) {
            $state.SuspensionReason = $text
        }
    }
}
if ($null -eq $state.State) {
    $state.Problem = 'Get-ADSyncAutoUpgrade answered without a state.'
} elseif (-not $hasDetail) {
    $state.Problem = 'This build has no Get-ADSyncAutoUpgrade -Detail: a suspension reason cannot be read.'
}
Write-DsdResult -Data $state
