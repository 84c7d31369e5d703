#Requires -Version 5.1
# Uninstall entries from both registry views, so a 32-bit install (WOW6432Node) is told apart
# from a 64-bit one.
# Input:  {}
# Output: { ok: true, data: [ { KeyName, View ('64' | '32'), DisplayName, DisplayVersion, Publisher,
#           UninstallString, InstallLocation, WindowsInstaller, SystemComponent } ] }
#         Values are as stored in the registry; absent values are null.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput
Write-DsdResult -Data @(Get-DsdUninstallEntries)
