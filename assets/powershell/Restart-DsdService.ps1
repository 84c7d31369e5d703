#Requires -Version 5.1
# Stops then starts a service; both waits share one deadline (waitSeconds from now).
# Input:  { "name": "ADSync", "waitSeconds": 120 }
# Output: { ok: true, data: { Name, DisplayName, State, StartMode, DelayedAutoStart, StartName, ProcessId, ExitCode } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$request = Read-DsdServiceControlInput
$controller = Get-DsdServiceController -Name $request.Name
Stop-DsdServiceAndWait -Controller $controller -DeadlineUtc $request.DeadlineUtc
Start-DsdServiceAndWait -Controller $controller -DeadlineUtc $request.DeadlineUtc
Write-DsdResult -Data (Get-DsdServiceRecord -Name $request.Name)
