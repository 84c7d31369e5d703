#Requires -Version 5.1
# The .NET Framework 4.x release installed: HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full,
# value Release (a DWORD; 461808 or more is 4.7.2). Absent when no .NET 4.5 or later is installed.
# Input:  {}
# Output: { ok: true, data: { Release (int or null) } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$null = Read-DsdInput

$view = [Microsoft.Win32.RegistryView]::Default
if ([Environment]::Is64BitOperatingSystem) {
    $view = [Microsoft.Win32.RegistryView]::Registry64
}
$release = $null
$base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, $view)
try {
    $key = $base.OpenSubKey('SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full')
    if ($null -ne $key) {
        try {
            $value = $key.GetValue('Release')
            if ($value -is [int]) {
                $release = [int]$value
            }
        } finally {
            $key.Close()
        }
    }
} finally {
    $base.Close()
}

Write-DsdResult -Data ([ordered]@{ Release = $release })
