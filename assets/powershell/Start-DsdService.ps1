#Requires -Version 5.1
# Starts a service and waits until it runs. A logon account that cannot sign in gives
# service-logon-failed with win32 1069; no answer in time gives service-timeout.
# Input:  { "name": "ADSync", "waitSeconds": 60 }
# Output: { ok: true, data: { Name, DisplayName, State, StartMode, DelayedAutoStart, StartName, ProcessId, ExitCode } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$request = Read-DsdServiceControlInput
$controller = Get-DsdServiceController -Name $request.Name
Start-DsdServiceAndWait -Controller $controller -DeadlineUtc $request.DeadlineUtc
Write-DsdResult -Data (Get-DsdServiceRecord -Name $request.Name)
